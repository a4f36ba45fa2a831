"""Employment's figures on the staff dashboard (``core.charts``), for the register's
readers (``access.can_read``: the labour office and the admin) over their sub-district:

- job seekers: open registrations today (the register's default list), and by month
  of this year the registrations, the registrations closed as employed (注销: 已就业)
  and the referrals that ended in a hire (by the day of the outcome); three queries;
- the employment rate of trainees at each follow-up offset, classes ended this year,
  from the rates page (``selectors.rates.rates_for``): two queries.
"""

import datetime as dt
from collections.abc import Iterator

from django.db.models import Count, Q
from django.db.models.functions import ExtractMonth
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jiedao.accounts.access import scoped
from jiedao.accounts.actor import Actor
from jiedao.core.charts import Chart, Figure, Tile, year_note
from jiedao.employment.access import can_read, seekers_visible_to
from jiedao.employment.models import ClosedReason, JobReferral
from jiedao.employment.selectors.rates import rates_for


def figures(actor: Actor, *, today: dt.date | None = None) -> Iterator[Figure]:
    if not can_read(actor):
        return
    today = today or timezone.localdate()
    year = today.year
    note = year_note(year, to_date=True)
    seekers = seekers_visible_to(actor)
    counts = seekers.aggregate(
        open=Count("pk", filter=Q(closed_on__isnull=True)),
        employed=Count("pk", filter=Q(closed_on__year=year, closed_reason=ClosedReason.EMPLOYED)),
    )
    registered = dict(
        seekers.filter(registered_on__year=year)
        .annotate(month=ExtractMonth("registered_on"))
        .values_list("month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    closed = dict(
        seekers.filter(closed_on__year=year, closed_reason=ClosedReason.EMPLOYED)
        .annotate(month=ExtractMonth("closed_on"))
        .values_list("month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    hired = dict(
        scoped(JobReferral.objects.filter(outcome=JobReferral.Outcome.HIRED, outcome_on__year=year), actor)
        .annotate(month=ExtractMonth("outcome_on"))
        .values_list("month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    url = reverse("employment:seekers")
    yield Tile("open", _("在册求职人员"), counts["open"], _("人"), url=url)
    yield Tile("employed", _("登记后就业"), counts["employed"], _("人"), url=f"{url}?status=employed", note=note)
    yield Tile("hired", _("推荐录用"), sum(hired.values()), _("人次"), note=note)
    months = list(range(1, today.month + 1))
    yield Chart(
        key="seekers",
        title=_("每月求职登记与就业"),
        kind="line",
        categories=[_("%(month)s月") % {"month": m} for m in months],
        series=[
            (_("新登记"), [registered.get(m, 0) for m in months]),
            (_("就业注销"), [closed.get(m, 0) for m in months]),
            (_("推荐录用"), [hired.get(m, 0) for m in months]),
        ],
        unit=_("人"),
        note=note,
        category_label=_("月份"),
    )
    rates = rates_for(actor, year=year, today=today)
    offsets = rates.total.figures(rates.offsets)
    yield Chart(
        key="rates",
        title=_("培训学员就业率"),
        kind="bar",
        categories=[_("结业后%(days)s天") % {"days": f.offset_days} for f in offsets],
        series=[(_("就业率"), [f.employment_rate for f in offsets])],
        unit="%",
        note=_("%(year)s年结业的培训班") % {"year": year},
        category_label=_("随访"),
    )
