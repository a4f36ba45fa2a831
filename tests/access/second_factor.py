"""Access rows of the second factor's pages (docs/security.md, "Second factor"): the
login's second step, one's own page, and the sub-district admin's reset. In the test
settings the second factor is not required, so every session passes the gate."""

from typing import Any

from jiedao.accounts.models import Role, User
from jiedao.testing import World, make_user
from tests.access.common import ADMINS, ANY_USER, STAFF_ANYWHERE, Case, Target


def _lost_phone(w: World) -> dict[str, Any]:
    """A counsellor of 凉城 who is no persona: a reset ends their sessions, not the matrix's."""
    user = w.extras.get("second_factor_lost_phone")
    if not isinstance(user, User):
        user = make_user(w.liangcheng, "lost_phone", (Role.COUNSELLOR, None))
        w.extras["second_factor_lost_phone"] = user
    return {"pk": user.pk}


PAGES = {
    # Nothing waits for a code: the signed-in are sent on, anyone else to the password first.
    "accounts:second_factor_login": Case(targets=[Target(ANY_USER, status=302)]),
    # One's own: every staff member (no id in the URL).
    "accounts:second_factor": Case(targets=[Target(STAFF_ANYWHERE)]),
    "accounts:second_factor_enrol": Case(targets=[Target(STAFF_ANYWHERE)]),
    # Posted from the page, back to it (here: nothing set up, said as a message).
    "accounts:second_factor_recovery_codes": Case(
        "post", [Target(STAFF_ANYWHERE, data=lambda w: {"renew-otp": "123456"}, status=302)]
    ),
    "accounts:second_factor_remove": Case(
        "post", [Target(STAFF_ANYWHERE, data=lambda w: {"remove-otp": "123456"}, status=302)]
    ),
    # A staff member of 凉城: its admin only; the other sub-district's admin: 404.
    "accounts:second_factor_reset": Case(
        "post", [Target({"admin"}, _lost_phone, data=lambda w: {"reason": "手机丢失"}, status=302)], gate=ADMINS
    ),
}
