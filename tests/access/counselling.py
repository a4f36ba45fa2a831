"""Access rows of the 畅心屋 pages and API (``jiedao/counselling``)."""

from tests.access.common import SIGNED_IN, Case, Target

PAGES = {
    "counselling:index": Case(targets=[Target(SIGNED_IN | {"other_admin"})]),
}
API: dict = {}
