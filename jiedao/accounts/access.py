"""The shared rules every programme's access module is written with.

- The tenant: staff see their own sub-district (``staff_tenant``/``tenant_of``);
  residents see only what is theirs, through each programme's own rules.
- One object: ``one_for_actor`` fetches ``pk`` from what the actor may see.
  Outside it the answer is always 404 (existence is not leaked); an object the
  actor sees but may not change is 403. With ``for_update`` the row (only the
  row: ``of=("self",)``) is locked when the caller is inside a transaction — the
  services that need a lock for an invariant take it inside their own.

See ``docs/access.md``.
"""

from typing import TypeVar

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Model, QuerySet
from django.http import Http404

from jiedao.accounts.actor import Actor
from jiedao.accounts.models import User

M = TypeVar("M", bound=Model)


def staff_tenant(actor: Actor) -> int | None:
    """The sub-district whose records a staff member works on; None for residents
    and for accounts without a sub-district."""
    return actor.subdistrict_id if actor.is_staff_member else None


def tenant_of(actor: Actor) -> int:
    """The staff member's sub-district, for new entries; 404 for anyone else."""
    tenant = staff_tenant(actor)
    if tenant is None:
        raise Http404
    return tenant


def scoped(queryset: QuerySet[M], actor: Actor) -> QuerySet[M]:
    """``queryset`` limited to the staff member's sub-district (empty for anyone else)."""
    tenant = staff_tenant(actor)
    if tenant is None:
        return queryset.none()
    return queryset.filter(subdistrict_id=tenant)


def one_for_actor(
    queryset: QuerySet[M], pk: object, *, for_update: bool = False, may_change: bool = True, refusal: str = ""
) -> M:
    """The object ``pk`` of ``queryset`` (what the actor may see, from an access
    function). Not in it: 404. With ``for_update``: 403 (``refusal``) unless
    ``may_change``, and the row locked inside the caller's transaction."""
    if for_update:
        if not may_change:
            if not queryset.filter(pk=pk).exists():
                raise Http404
            raise PermissionDenied(refusal)
        if transaction.get_connection().in_atomic_block:
            queryset = queryset.select_for_update(of=("self",))
    obj = queryset.filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


def user_for_actor(actor: Actor, pk: object) -> User:
    """A login of the staff member's own sub-district (the roles allowed to act on
    it are the caller's policy); 404 for any other."""
    return one_for_actor(scoped(User.objects.all(), actor), pk)
