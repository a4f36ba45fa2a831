"""Losing a role ends the user's sessions and API tokens, however the assignment
went: the admin site's inline, a service, a queryset ``delete()`` or a cascade from
a deleted area or unit (Django sends ``post_delete`` for each of them). A changed
assignment (another role or scope) counts as losing the old one."""

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from jiedao.accounts.models import RoleAssignment, User, end_sessions_and_tokens


@receiver(post_delete, sender=RoleAssignment, dispatch_uid="accounts.role_revoked")
def _role_revoked(sender: type[RoleAssignment], instance: RoleAssignment, **kwargs: Any) -> None:
    end_sessions_and_tokens(User.objects.filter(pk=instance.user_id))


@receiver(post_save, sender=RoleAssignment, dispatch_uid="accounts.role_changed")
def _role_changed(sender: type[RoleAssignment], instance: RoleAssignment, created: bool, **kwargs: Any) -> None:
    if not created:
        end_sessions_and_tokens(User.objects.filter(pk=instance.user_id))
