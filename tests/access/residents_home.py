"""Access rows of the resident's home (``residents:home``, ``GET /me/home``;
``jiedao/residents/home.py``, docs/residents.md).

Anyone signed in opens their own home: it is about the signed-in person only, so
there is nothing out of scope. The two residents see their own name; no one else
receives the worker's (staff accounts have no registry record of their own here).
"""

from tests.access.common import ANY_USER, Case, Target


def _worker(w: object) -> str:
    return "王秀英"


PAGES = {
    "residents:home": Case(targets=[Target(ANY_USER, leak=_worker, sees={"worker"})]),
}

API = {
    ("GET", "/me/home"): Case(targets=[Target(ANY_USER, leak=_worker, sees={"worker"})]),
}
