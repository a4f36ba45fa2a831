"""Volunteer service's figures on the staff dashboard (``core.charts``), for the
centre and the admin who manage it (``access.is_manager``), over their sub-district:
verified hours by month of this year — hours belong to the year and month their
shift starts, as a volunteer's own year (``selectors.hours_of_year``) counts them —
and the shifts claimed this year by the claim's state. Two queries."""

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jiedao.accounts.access import scoped
from jiedao.accounts.actor import Actor
from jiedao.core.charts import Chart, Figure, Tile, year_note
from jiedao.core.ledgers import Period
from jiedao.core.numbers import half_up
from jiedao.volunteering.access import is_manager
from jiedao.volunteering.models import Claim, ServiceRecord

HUNDREDTH = Decimal("0.01")


def figures(actor: Actor, *, today: dt.date | None = None) -> Iterator[Figure]:
    if not is_manager(actor):
        return
    today = today or timezone.localdate()
    start, end = Period(today.year).bounds()
    in_year = {"claim__shift__session__starts_at__gte": start, "claim__shift__session__starts_at__lt": end}
    verified = scoped(ServiceRecord.objects.filter(status=ServiceRecord.Status.VERIFIED, **in_year), actor)
    by_month = {
        timezone.localtime(row["month"]).month: row
        for row in verified.annotate(month=TruncMonth("claim__shift__session__starts_at"))
        .values("month")
        .annotate(hours=Sum("hours"), people=Count("claim__person", distinct=True))
        .order_by()
    }
    months = list(range(1, today.month + 1))
    # Hours are kept to the hundredth (``ServiceRecord.hours``); a database sum may drop the zeros.
    hours = [half_up(by_month[m]["hours"], HUNDREDTH) if m in by_month else Decimal("0.00") for m in months]
    note = year_note(today.year, to_date=True)
    yield Tile("hours", _("已核实服务时长"), sum(hours, Decimal("0.00")), _("小时"), note=note)
    yield Chart(
        key="months",
        title=_("每月已核实服务时长"),
        kind="bar",
        categories=[_("%(month)s月") % {"month": m} for m in months],
        series=[(_("服务时长"), hours)],
        unit=_("小时"),
        note=note,
        category_label=_("月份"),
    )
    claims = scoped(
        Claim.objects.filter(shift__session__starts_at__gte=start, shift__session__starts_at__lt=end), actor
    )
    counts = dict(claims.values_list("status").annotate(n=Count("pk")).order_by())
    yield Tile(
        "claimed", _("已认领班次"), counts.get(Claim.Status.CLAIMED, 0), url=reverse("volunteering:tasks"), note=note
    )
    shown = [(value, label) for value, label in Claim.Status.choices if counts.get(value)]
    yield Chart(
        key="claims",
        title=_("班次认领情况"),
        kind="pie",
        categories=[label for _value, label in shown],
        series=[(_("认领"), [counts[value] for value, _label in shown])],
        note=_("%(year)s年开始的班次") % {"year": today.year},
        category_label=_("状态"),
    )
