"""Access rows of the residents' sign-in (docs/residents.md): public pages and operations.

Screen 1 (the number) is open to anyone; someone signed in is sent on. Screen 2 (the
code) is reached with a number pending in the session; without one, anonymous visitors
go back to screen 1 (a login page), anyone signed in is sent on. ``POST /auth/sms-code``
answers 202 to everyone, each with a number of their own (one number takes a code a
minute). ``POST /auth/token`` (both ways in) has its row with the core rows.
"""

import itertools
from typing import Any

from jiedao.testing import World
from tests.access.common import EVERYONE, Case, Target

_numbers = itertools.count(13700000001)


def _fresh_number(w: World) -> dict[str, Any]:
    return {"phone": str(next(_numbers))}


SIGNED_IN_ANYWHERE = EVERYONE - {"anonymous"}

PAGES = {
    "residents:sign_in": Case(targets=[Target(EVERYONE, status=302, answers={"anonymous": 200})]),
    # Anonymous, with no number pending: back to screen 1 (to the login: the matrix checks it).
    "residents:sign_in_code": Case(targets=[Target(SIGNED_IN_ANYWHERE, status=302, answers={"anonymous": 302})]),
}

API = {
    ("POST", "/auth/sms-code"): Case("post", [Target(EVERYONE, data=_fresh_number, status=202)]),
}
