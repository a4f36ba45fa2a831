"""Access rows of the account pages and API beyond the core rows of
``tests/test_access_matrix.py``: one's own password, and the login locks that only the
sub-district admin lifts, for their own sub-district's users (docs/security.md)."""

from typing import Any

from axes.models import AccessAttempt
from django.conf import settings
from django.utils import timezone

from jiedao.testing import World
from tests.access.common import ADMINS, ANY_USER, Case, Target

# The address the 秀苑 chair is locked at: no one outside 凉城's admin may see it.
LOCKED_AT = "203.0.113.77"


def _locked_chair(w: World) -> dict[str, Any]:
    """The 秀苑 chair, locked out at ``LOCKED_AT`` (as five failed logins leave it)."""
    AccessAttempt.objects.update_or_create(
        username="xiuyuan",
        ip_address=LOCKED_AT,
        user_agent="<unknown>",
        defaults={"failures_since_start": settings.AXES_FAILURE_LIMIT, "attempt_time": timezone.now()},
    )
    return {"pk": w.users["xiuyuan"].pk}


def _locks_page(w: World) -> dict[str, Any]:
    _locked_chair(w)
    return {}


PAGES = {
    # Everyone signed in changes their own password (and only their own: no id in the URL).
    "accounts:password_change": Case(targets=[Target(ANY_USER)]),
    # The admin of the other sub-district opens the page but sees none of 凉城's locks.
    "accounts:locks": Case(targets=[Target(ADMINS, _locks_page, leak=lambda w: LOCKED_AT, sees={"admin"})]),
    # Posted from the list: back to it. Another sub-district's user: 404; chairs and
    # the other offices: 403 (the role gate).
    "accounts:unlock": Case("post", [Target({"admin"}, _locked_chair, status=302)], gate=ADMINS),
}

NEW_PASSWORD = "Jiedao-new-2026!"

API = {
    # One's own password; the answer is a fresh token (every other one ends).
    ("POST", "/auth/password"): Case(
        "post",
        [Target(ANY_USER, data=lambda w: {"old_password": "jiedao2020", "new_password": NEW_PASSWORD})],
    ),
}
