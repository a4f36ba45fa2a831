"""The 畅心屋's figures on the staff dashboard (``core.charts``): sessions held by
month, aggregates only, from ``selectors.stats.counselling_stats`` — the published
statistics with their small-count rules (completed months only, fewer than five people
withheld as "<5", complementary suppression) — for their readers
(``access.can_see_stats``). Two queries; no record, no person."""

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from jiedao.accounts.access import staff_tenant
from jiedao.accounts.actor import Actor
from jiedao.core.charts import Chart, Figure, Tile
from jiedao.counselling.access import can_see_stats
from jiedao.counselling.selectors.stats import counselling_stats, default_stats_year


def figures(actor: Actor, *, now: dt.datetime | None = None) -> Iterator[Figure]:
    tenant = staff_tenant(actor)
    if tenant is None or not can_see_stats(actor):
        return
    stats = counselling_stats(subdistrict_id=tenant, year=default_stats_year(), now=now)
    hidden = f"<{stats['min_people']}"
    if stats["date_to"] is None:
        note = _("%(year)s年（尚无已结束的月份）") % {"year": stats["year"]}
    else:
        note = _("%(start)s至%(end)s") % {"start": stats["date_from"], "end": stats["date_to"]}
    yield Tile(
        "sessions",
        _("咨询场次"),
        stats["sessions"]["value"],
        _("次"),
        url=reverse("counselling:stats"),
        note=note,
        hidden=hidden,
    )
    yield months_chart(stats, note=note)


def months_chart(stats: dict[str, Any], *, key: str = "months", note: str = "") -> Chart:
    """Sessions and people by month as the statistics give them (a withheld cell reads
    "<5"): the one chart of both the statistics page and the dashboard."""
    months = stats["months"]
    return Chart(
        key=key,
        title=_("每月咨询次数"),
        kind="bar",
        categories=[_("%(month)s月") % {"month": int(cell["key"][5:])} for cell in months],
        series=[
            (_("次数"), [None if cell["suppressed"] else cell["value"] for cell in months]),
            (_("人数"), [None if cell["suppressed"] else cell["people"] for cell in months]),
        ],
        note=note,
        hidden=f"<{stats['min_people']}",
        category_label=_("月份"),
    )
