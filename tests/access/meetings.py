"""Access rows of the joint meeting pages and API (``jiedao/meetings``)."""

from tests.access.common import STAFF_ANYWHERE, Case, Target

PAGES = {
    "meetings:index": Case(targets=[Target(STAFF_ANYWHERE)]),
}
API: dict = {}
