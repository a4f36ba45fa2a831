"""The dues ledger's figures on the staff dashboard (``core.charts``): last year's dues
— the year whose dues are settled, the one the ledger page opens on — assessed against
collected (``selectors.ledger_totals``), and the arrears by age today
(``selectors.arrears_summary``), for the ledger's readers (``access.LEDGER_ROLES``)
over what they see (``access.assessments_visible_to``: the whole sub-district, or an
enterprise chair's own unit). Three queries; sums exact in yuan."""

import datetime as dt
from collections.abc import Iterator
from typing import cast

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jiedao.accounts.actor import Actor
from jiedao.core.charts import Chart, Figure, Tile, year_note
from jiedao.core.numbers import percent
from jiedao.dues.access import LEDGER_ROLES, assessments_visible_to, sees_all
from jiedao.dues.selectors import arrears_summary, ledger_totals


def figures(actor: Actor, *, today: dt.date | None = None) -> Iterator[Figure]:
    if not actor.has_role(*LEDGER_ROLES):
        return
    today = today or timezone.localdate()
    year = today.year - 1
    assessments = assessments_visible_to(actor)
    totals = ledger_totals(assessments.filter(year=year))
    note = year_note(year)
    url = reverse("dues:index")
    yield Tile("assessed", _("应缴经费"), totals["assessed"], _("元"), url=url, note=note)
    yield Tile("paid", _("已缴经费"), totals["paid"], _("元"), url=url, note=note)
    yield Tile("rate", _("收缴率"), percent(totals["paid"], totals["assessed"]), "%", note=note)
    yield Chart(
        key="collected",
        title=_("经费应缴与已缴"),
        kind="bar",
        categories=[_("应缴"), _("已缴"), _("欠缴")],
        series=[(_("金额"), [totals["assessed"], totals["paid"], totals["arrears"]])],
        unit=_("元"),
        note=note,
        category_label=_("项目"),
    )
    buckets = arrears_summary(assessments, today)
    yield Chart(
        key="arrears",
        title=_("欠缴经费账龄"),
        kind="bar",
        categories=[str(b["label"]) for b in buckets],
        series=[(_("笔数"), [cast(int, b["count"]) for b in buckets])],
        unit=_("笔"),
        note=_("截至%(day)s，含往年") % {"day": today.isoformat()},
        category_label=_("账龄"),
    )
    if sees_all(actor):
        overdue = sum(cast(int, b["count"]) for b in buckets)
        yield Tile("overdue", _("逾期未缴"), overdue, _("笔"), url=reverse("dues:arrears"))
