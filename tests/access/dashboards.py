"""Access rows of the staff dashboard (``jiedao/dashboards``): the offices of a
sub-district, each with the figures of its programmes; the other sub-district's admin
gets the page with the figures of its own sub-district, never 凉城's (its areas)."""

from tests.access.common import OFFICES, OFFICES_ANYWHERE, Case, Target

PAGES = {
    "dashboards:index": Case(targets=[Target(OFFICES_ANYWHERE, leak=lambda w: "秀苑", sees=OFFICES)]),
}
API: dict[str, Case] = {}
