"""Who must show a second factor, and the gate of every page that needs a login.

With ``JIEDAO_REQUIRE_SECOND_FACTOR`` on, a session of a user whose roles call for a
second factor (``SECOND_FACTOR_ROLES``, or a superuser: the admin site reaches
everything) counts only once it is verified (``request.user.is_verified()``, which
django-otp's middleware reads from the session). The login asks for the code before
it signs the user in; this gate catches the sessions that got past it otherwise: a
role granted after login, a session from before the setting was turned on. An API
request is let through: its bearer token was issued only after the code
(``POST /api/v1/auth/token``), and it has no session to verify.
"""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse

from jiedao.accounts.actor import SECOND_FACTOR_ROLES, Actor

VERIFY_URL = "accounts:second_factor_login"


def second_factor_on() -> bool:
    return bool(settings.JIEDAO_REQUIRE_SECOND_FACTOR)


def required_by_roles(actor: Actor) -> bool:
    """The actor's roles call for a second factor (whatever the setting says)."""
    if actor.user is None:
        return False
    return actor.user.is_superuser or actor.has_role(*SECOND_FACTOR_ROLES)


def session_verified(request: HttpRequest) -> bool:
    """django-otp's middleware found a confirmed device of this user in the session."""
    is_verified = getattr(getattr(request, "user", None), "is_verified", None)
    return bool(is_verified is not None and is_verified())


def _by_token(request: HttpRequest) -> bool:
    # django-ninja sets ``request.auth`` once a bearer token has been accepted.
    return getattr(request, "auth", None) is not None


def needs_verification(request: HttpRequest, actor: Actor) -> bool:
    """A signed-in session that must show its second factor before it goes on."""
    return (
        second_factor_on()
        and actor.is_authenticated
        and not _by_token(request)
        and required_by_roles(actor)
        and not session_verified(request)
    )


def redirect_to_verification(next_url: str) -> HttpResponse:
    """To the second-factor step of the login (enrolment for a user without a device)."""
    return redirect_to_login(next_url, VERIFY_URL)
