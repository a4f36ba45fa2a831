"""What the session keeps between the two steps of a login, and the device being set up.

After the password, a user asked for a second factor is not signed in: the session
(still anonymous) keeps who passed the password and until when (``PENDING_MINUTES``),
and the user is signed in only once the code is right (``complete``). The state also
holds the user's session hash, so a password changed or sessions ended meanwhile
(``security_stamp``) void it, as they would void a session.
"""

from dataclasses import dataclass
from typing import Any, TypeGuard

from django.contrib.auth import login as auth_login
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django_otp import login as otp_login
from django_otp.models import Device

from jiedao.accounts import backends
from jiedao.accounts.actor import actor_for
from jiedao.accounts.models import User
from jiedao.accounts.services import record_login

# Enough to open the app, or to install one and scan the code at a first login.
PENDING_MINUTES = 10

_LOGIN_KEY = "jiedao_second_factor_login"
_ENROLMENT_KEY = "jiedao_second_factor_enrolment"


@dataclass(frozen=True)
class PendingLogin:
    user: User
    backend: str
    next_url: str


def begin(request: HttpRequest, user: User, *, next_url: str) -> None:
    """The password of ``user`` passed: remember it for the second step."""
    request.session.cycle_key()
    request.session[_LOGIN_KEY] = {
        "user": user.pk,
        "hash": user.get_session_auth_hash(),
        "backend": getattr(user, "backend", backends.PATH),
        "until": timezone.now().timestamp() + PENDING_MINUTES * 60,
        "next": next_url,
    }


def _valid(state: Any) -> TypeGuard[dict[str, Any]]:
    types = {"user": int, "hash": str, "backend": str, "until": float, "next": str}
    return isinstance(state, dict) and all(isinstance(state.get(key), kind) for key, kind in types.items())


def pending_login(request: HttpRequest) -> PendingLogin | None:
    """The login waiting for its second factor in this session, if still good."""
    state = request.session.get(_LOGIN_KEY)
    if not _valid(state) or state["until"] < timezone.now().timestamp():
        forget(request)
        return None
    user = User.objects.filter(pk=state["user"], is_active=True).first()
    if user is None or not constant_time_compare(state["hash"], user.get_session_auth_hash()):
        forget(request)
        return None
    return PendingLogin(user=user, backend=state["backend"], next_url=state["next"])


def forget(request: HttpRequest) -> None:
    request.session.pop(_LOGIN_KEY, None)


def complete(request: HttpRequest, pending: PendingLogin, device: Device) -> None:
    """The code was right: sign the user in, verified by ``device``, and audit the login."""
    forget(request)
    auth_login(request, pending.user, backend=pending.backend)
    otp_login(request, device)
    request.actor = actor_for(pending.user)  # type: ignore[attr-defined]  # the page answering is theirs now
    record_login(user=pending.user, request=request, via="page")


def verify_session(request: HttpRequest, device: Device) -> None:
    """A signed-in session passed its second factor (a new key: it now counts for more)."""
    request.session.cycle_key()
    otp_login(request, device)


def enrolment_id(request: HttpRequest) -> int | None:
    value = request.session.get(_ENROLMENT_KEY)
    return value if isinstance(value, int) else None


def remember_enrolment(request: HttpRequest, device: Device) -> None:
    request.session[_ENROLMENT_KEY] = device.pk


def forget_enrolment(request: HttpRequest) -> None:
    request.session.pop(_ENROLMENT_KEY, None)
