"""Legal aid's figures on the staff dashboard (``core.charts``): the cases of the year
by dispute type and by stage, from ``selectors.stats.legal_aid_stats`` — the published
statistics with their rules (completed months only, as of the last month's end, any
figure of fewer than five workers withheld as "<5", complementary suppression), for
their readers (``access.can_see_stats``), over the sub-district. Two queries."""

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from jiedao.accounts.access import staff_tenant
from jiedao.accounts.actor import Actor
from jiedao.core.charts import Chart, Figure, Tile
from jiedao.legalaid.access import can_see_stats
from jiedao.legalaid.selectors.stats import default_stats_year, legal_aid_stats


def _chart(key: str, title: str, cells: list[dict[str, Any]], hidden: str, note: str, label: str) -> Chart:
    return Chart(
        key=key,
        title=title,
        kind="bar",
        horizontal=True,
        categories=[cell["label"] for cell in cells],
        series=[(_("案件数"), [cell["value"] for cell in cells])],
        unit=_("件"),
        note=note,
        hidden=hidden,
        category_label=label,
    )


def figures(actor: Actor, *, now: dt.datetime | None = None) -> Iterator[Figure]:
    tenant = staff_tenant(actor)
    if tenant is None or not can_see_stats(actor):
        return
    stats = legal_aid_stats(subdistrict_id=tenant, year=default_stats_year(), now=now)
    hidden = f"<{stats['min_people']}"
    if stats["date_to"] is None:
        note = _("%(year)s年（尚无已结束的月份）") % {"year": stats["year"]}
    else:
        note = _("%(start)s至%(end)s") % {"start": stats["date_from"], "end": stats["date_to"]}
    yield Tile(
        "cases",
        _("受理案件"),
        stats["cases"]["value"],
        _("件"),
        url=reverse("legalaid:stats"),
        note=note,
        hidden=hidden,
    )
    yield _chart("types", _("按争议类型"), stats["types"], hidden, note, _("争议类型"))
    yield _chart("stages", _("按办理阶段"), stats["stages"], hidden, note, _("办理阶段"))
