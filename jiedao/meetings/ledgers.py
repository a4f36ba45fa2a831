"""The joint meeting's ledger (``jiedao.core.ledgers``): the attendance of each meeting
held in the period, by category as the minutes count it
(``activities.selectors.activity_attendance_by_category``: each person once), over the
meetings the actor may see (``access.meetings_visible_to``)."""

from collections.abc import Iterable

from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiedao.accounts.actor import OFFICE_ROLES, Actor
from jiedao.activities.models import Attendance, AttendeeCategory
from jiedao.activities.selectors import activity_attendance_by_category, attendance_total
from jiedao.core.ledgers import Cell, Ledger, Period, Source, Table
from jiedao.meetings import access


def attendance(actor: Actor, period: Period) -> Table:
    start, end = period.bounds()
    meetings = list(
        access.meetings_visible_to(actor)
        .annotate(first_start=Min("activity__sessions__starts_at"))
        .filter(first_start__gte=start, first_start__lt=end, first_start__lte=timezone.now())  # held, not planned
        .order_by("first_start", "id")
    )
    categories = [str(label) for _value, label in AttendeeCategory.choices]
    table = Table(
        title=_("%(period)s联席会议出席台账") % {"period": period.label},
        headings=[_("日期"), _("会议"), _("联席会议"), _("主持人"), *categories, _("出席合计")],
        scope=_("全街道") if access.can_manage(actor) else _("受邀参加的会议"),
    )
    row_of: dict[int, int] = {}
    for index, meeting in enumerate(meetings):
        counts = activity_attendance_by_category(meeting.activity_id)
        cells: list[Cell] = [
            timezone.localtime(meeting.first_start).date(),
            meeting.activity.title,
            meeting.joint_meeting.name,
            meeting.host.name if meeting.host else "",
            *(c.count for c in counts),
            attendance_total(counts),
        ]
        table.rows.append(cells)
        row_of[meeting.activity_id] = index
        table.sources.append(Source("meetings.meeting", meeting.pk, meeting.activity.title, index))
    signed = (
        Attendance.objects.filter(session__activity_id__in=list(row_of))
        .order_by("session__activity_id", "signed_in_at", "id")
        .values_list("id", "session__activity_id", "person__name", "category")
    )
    labels = dict(AttendeeCategory.choices)
    for pk, activity_id, name, category in signed:
        label = _("%(name)s签到（%(category)s）") % {"name": name, "category": labels.get(category, category)}
        table.sources.append(Source("activities.attendance", pk, label, row_of[activity_id]))
    return table


def ledgers() -> Iterable[Ledger]:
    yield Ledger(
        key="meetings.attendance",
        title=gettext_lazy("联席会议出席台账"),
        readers=frozenset(OFFICE_ROLES),
        build=attendance,
        source=gettext_lazy("会议签到记录（每人按首次签到计一次）"),
    )
