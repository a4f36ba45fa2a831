"""The union network's figures on the staff dashboard (``core.charts``): coverage (建会率)
and membership (入会率) this year, from ``selectors.coverage`` — the figures of the
coverage page, for the same readers (``access.COVERAGE_ROLES``) and scope (the whole
sub-district, or an area chair's own residential areas). Three queries."""

from collections.abc import Iterator

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jiedao.accounts.access import staff_tenant
from jiedao.accounts.actor import Actor
from jiedao.core.charts import Chart, Figure, Tile, year_note
from jiedao.unions.access import COVERAGE_ROLES, coverage_area_ids
from jiedao.unions.selectors.coverage import coverage, total


def figures(actor: Actor, *, year: int | None = None) -> Iterator[Figure]:
    tenant = staff_tenant(actor)
    if tenant is None or not actor.has_role(*COVERAGE_ROLES):
        return
    year = year or timezone.localdate().year
    rows = coverage(subdistrict_id=tenant, year=year, area_ids=coverage_area_ids(actor))
    whole = total(rows)
    note = year_note(year)
    url = reverse("unions:coverage")
    yield Tile("enterprises", _("企业"), whole.enterprises, _("家"), url=url, note=note)
    yield Tile("organised", _("建会率"), whole.organised_rate, "%", url=url, note=note)
    yield Tile("members", _("工会会员"), whole.members, _("人"), url=url, note=note)
    yield Tile("membership", _("入会率"), whole.membership_rate, "%", url=url, note=note)
    named = [row for row in rows if row.area_id is not None]
    no_grid = [row for row in rows if row.area_id is None]
    shown = named + no_grid
    names = [row.name for row in named] + [_("未落格") for _row in no_grid]
    yield Chart(
        key="coverage",
        title=_("各居民区建会率与入会率"),
        kind="bar",
        horizontal=True,
        categories=names,
        series=[
            (_("建会率"), [row.organised_rate for row in shown]),
            (_("入会率"), [row.membership_rate for row in shown]),
        ],
        unit="%",
        note=note,
        category_label=_("居民区"),
    )
