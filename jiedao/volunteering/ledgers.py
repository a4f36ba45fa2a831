"""The volunteer-hours ledger (``jiedao.core.ledgers``): each volunteer's verified and
pending hours of a year, by the programme's own rule (``selectors.hours_of_year``: the
records of shifts that started in the year), for the studio's managers
(``access.MANAGER_ROLES``, the whole sub-district)."""

import datetime as dt
from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiedao.accounts.access import staff_tenant
from jiedao.accounts.actor import Actor
from jiedao.core.ledgers import Ledger, Period, Source, Table
from jiedao.people.models import Person
from jiedao.volunteering import access, selectors
from jiedao.volunteering.models import ServiceRecord


def volunteer_hours(actor: Actor, period: Period) -> Table:
    table = Table(
        title=_("%(year)s年度志愿服务时长台账") % {"year": period.year},
        headings=[_("志愿者"), _("居民区"), _("服务次数"), _("已核实时长（小时）"), _("待核实时长（小时）")],
        scope=_("全街道"),
    )
    tenant = staff_tenant(actor)
    if tenant is None or not access.is_manager(actor):
        return table
    hours = selectors.hours_by_person(tenant, period.year)
    volunteers = Person.objects.filter(pk__in=hours).select_related("residential_area").order_by("name", "id")
    statuses = dict(ServiceRecord.Status.choices)
    counted = (ServiceRecord.Status.VERIFIED, ServiceRecord.Status.PENDING)  # a rejected record is no service
    for person in volunteers:
        year = hours[person.pk]
        records = [r for r in year.records if r.status in counted]
        if not records:
            continue
        index = len(table.rows)
        area = person.residential_area.name if person.residential_area else ""
        table.rows.append([person.name, area, len(records), year.verified, year.pending])
        for record in records:
            shift_day: dt.date = timezone.localtime(record.claim.shift.session.starts_at).date()
            label = _("%(task)s %(day)s %(hours)s小时（%(status)s）") % {
                "task": record.claim.shift.task.activity.title,
                "day": shift_day.isoformat(),
                "hours": record.hours,
                "status": statuses.get(record.status, record.status),
            }
            table.sources.append(Source("volunteering.servicerecord", record.pk, label, index))
    return table


def ledgers() -> Iterable[Ledger]:
    yield Ledger(
        key="volunteering.hours",
        title=gettext_lazy("志愿服务时长台账"),
        readers=frozenset(access.MANAGER_ROLES),
        build=volunteer_hours,
        source=gettext_lazy("认领班次的服务记录（按班次开始时间计入年度）"),
        monthly=False,
    )
