"""Account operations shared by the pages, the API and the admin site."""

from typing import Any

from axes.models import AccessAttempt
from django.contrib.auth import authenticate, password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from jiedao.accounts.access import user_for_actor
from jiedao.accounts.actor import Actor
from jiedao.accounts.models import User, end_sessions_and_tokens
from jiedao.accounts.throttle import take_lockout
from jiedao.core import audit
from jiedao.core.errors import TooMany
from jiedao.core.models import AuditEntry
from jiedao.core.services import change_detail, new_errors, raise_if, withheld_changes


def record_login(*, user: User, request: HttpRequest, via: str) -> None:
    """Every successful login (page or API token) goes into the audit log."""
    audit.record(actor=user, action=AuditEntry.Action.LOGIN, obj=user, request=request, detail={"via": via})


def sign_out_everywhere(*, actor: Any, user: User, request: HttpRequest | None = None) -> None:
    """End every session and API token of ``user`` now (a lost phone), audited.

    A new password, a deactivation and a lost role do this by themselves, whatever
    path made the change (``User.save``, ``UserQuerySet.update``, ``accounts.signals``)."""
    with transaction.atomic():
        user.security_stamp = end_sessions_and_tokens(User.objects.filter(pk=user.pk))
        detail = {"signed_out_everywhere": True}
        audit.record(actor=actor, action=AuditEntry.Action.UPDATE, obj=user, request=request, detail=detail)


def password_change(*, user: User, request: HttpRequest, old_password: str, new_password: str) -> User:
    """The signed-in ``user``'s new password. Every session and API token of theirs
    ends (``User.save``); the page keeps its own session (``update_session_auth_hash``)
    and the API issues a fresh token. The old password is checked by ``authenticate``,
    so guessing it is throttled like a failed login (``accounts.throttle``)."""
    errors = new_errors()
    if authenticate(request, username=user.get_username(), password=old_password) is None:
        lockout = take_lockout(request, {"username": user.get_username()})
        if lockout is not None:
            raise TooMany(lockout.message, code="locked_out", details=lockout.details)
        errors["old_password"].append(_("原密码不正确。"))
    else:
        try:
            password_validation.validate_password(new_password, user)
        except ValidationError as exc:
            errors["new_password"].extend(exc.messages)
    raise_if(errors)
    with transaction.atomic():
        user.set_password(new_password)
        user.save()
        detail = change_detail(withheld_changes(["password"]))
        audit.record(actor=user, action=AuditEntry.Action.UPDATE, obj=user, request=request, detail=detail)
    return user


def login_unlock(*, actor: Actor, user_id: int, request: HttpRequest | None = None) -> User:
    """Lift every login lock on one of the office's users (their failures at every
    address are forgotten), audited. 404 for anyone outside the actor's sub-district."""
    user = user_for_actor(actor, user_id)
    with transaction.atomic():
        attempts = AccessAttempt.objects.filter(username=user.get_username())
        addresses = sorted({address for address in attempts.values_list("ip_address", flat=True) if address})
        removed, _deleted = attempts.delete()
        if removed:
            audit.record(
                actor=actor,
                action=AuditEntry.Action.UPDATE,
                obj=user,
                request=request,
                detail={"login_unlocked": addresses},
            )
    return user
