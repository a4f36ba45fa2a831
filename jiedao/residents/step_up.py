"""A fresh proof before a sensitive action (docs/residents.md, "Step-up").

A resident stays signed in for weeks on their phone; whoever picks the phone up then
should not read the resident's full ID number or their counselling appointments. So the
session records when its user last proved who they are, and a sensitive page asks again
once that is more than ``JIEDAO_STEP_UP_MINUTES`` ago: a code sent by SMS to the
account's number (purpose ``STEP_UP``), or, for an account without a number (staff),
its password. Signing in is such a proof too (``user_logged_in``).

- a view: ``@fresh_code_required`` (under its policy decorator) sends a stale session
  to ``residents:step_up`` with ``next``;
- a service or a template: ``is_fresh(request)``; ``ensure_fresh(request)`` refuses.
"""

import datetime as dt
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import authenticate
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jiedao.accounts.models import User
from jiedao.accounts.throttle import take_lockout
from jiedao.core import audit
from jiedao.core.errors import Forbidden, TooMany
from jiedao.core.models import AuditEntry
from jiedao.core.services import new_errors, raise_if
from jiedao.residents import codes
from jiedao.residents.models import CodePurpose

F = TypeVar("F", bound=Callable[..., Any])

# The session's record of the last proof: {"user": pk, "at": POSIX seconds}.
SESSION_KEY = "jiedao_step_up"


def _user(request: HttpRequest) -> User | None:
    user = getattr(request, "user", None)
    return user if isinstance(user, User) and user.is_authenticated else None


def mark_fresh(request: HttpRequest, user: User | None = None) -> None:
    """Record in the session that its user has just proved who they are."""
    user = user or _user(request)
    session = getattr(request, "session", None)
    if user is not None and session is not None:
        session[SESSION_KEY] = {"user": user.pk, "at": timezone.now().timestamp()}


def is_fresh(request: HttpRequest) -> bool:
    """Whether the session's user proved who they are within the step-up window."""
    user = _user(request)
    proof = getattr(request, "session", {}).get(SESSION_KEY)
    if user is None or not isinstance(proof, dict) or proof.get("user") != user.pk:
        return False
    at = proof.get("at")
    if not isinstance(at, int | float):
        return False
    age = timezone.now() - dt.datetime.fromtimestamp(at, tz=dt.UTC)
    # A proof "from the future" (a clock set back) counts for nothing.
    return dt.timedelta(0) <= age <= dt.timedelta(minutes=settings.JIEDAO_STEP_UP_MINUTES)


def ensure_fresh(request: HttpRequest) -> None:
    """For a service behind a sensitive action: refuse a stale session."""
    if not is_fresh(request):
        raise Forbidden(_("请先验证身份后再继续。"), code="step_up_required")


def step_up_url(next_url: str) -> str:
    return f"{reverse('residents:step_up')}?{urlencode({'next': next_url})}"


def fresh_code_required(view: F) -> F:
    """A view that needs a fresh proof: a stale session goes to the step-up page and
    comes back to this page (a form posted meanwhile is sent again by the resident)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if is_fresh(request):
            return view(request, *args, **kwargs)
        return redirect(step_up_url(request.get_full_path() if request.method == "GET" else request.path))

    return wrapper  # type: ignore[return-value]


def fresh_or_redirect(request: HttpRequest, next_url: str) -> HttpResponse | None:
    """For an action inside a view: None when fresh, else the way to the step-up page."""
    return None if is_fresh(request) else redirect(step_up_url(next_url))


# ---------------------------------------------------------------- proving


def proves_by_code(user: User) -> bool:
    """An account with a number (and a sub-district to sign the SMS) proves itself by
    a code; any other by its password."""
    return bool(user.phone) and user.subdistrict_id is not None


def send_step_up_code(*, user: User, request: HttpRequest) -> str:
    """Send a ``STEP_UP`` code to the account's own number; returns the number."""
    assert user.subdistrict is not None  # proves_by_code
    return codes.send_code(
        phone=user.phone, purpose=CodePurpose.STEP_UP, signature=user.subdistrict.name, request=request
    )


def _proved(request: HttpRequest, user: User, method: str) -> User:
    mark_fresh(request, user)
    detail = {"via": "step_up", "method": method}
    audit.record(actor=user, action=AuditEntry.Action.LOGIN, obj=user, request=request, detail=detail)
    return user


def prove_with_code(*, user: User, request: HttpRequest, code: str) -> User:
    """The code sent to the account's number: the session is fresh (``Invalid`` on
    ``code``). Call it outside any transaction (``codes.check_code``)."""
    codes.check_code(phone=user.phone, purpose=CodePurpose.STEP_UP, code=code)
    return _proved(request, user, "sms")


def prove_with_password(*, user: User, request: HttpRequest, password: str) -> User:
    """The account's password: the session is fresh. Checked by ``authenticate``, so
    guessing is throttled as a failed login is (``accounts.throttle``)."""
    if authenticate(request, username=user.get_username(), password=password) is None:
        lockout = take_lockout(request, {"username": user.get_username()})
        if lockout is not None:
            raise TooMany(lockout.message, code="locked_out", details=lockout.details)
        errors = new_errors()
        errors["password"].append(_("密码不正确。"))
        raise_if(errors)
    return _proved(request, user, "password")


def mark_fresh_on_login(sender: object, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    """``user_logged_in``: signing in (with a code, or a password) is a fresh proof."""
    if request is not None:
        mark_fresh(request, user)
