"""The party programme's ledgers (``jiedao.core.ledgers``): the members' study hours
of a year and the 三新 newcomers' 三个一 progress. Each is computed by the programme's
own selectors (``selectors.ledger``, ``selectors.onboarding``) over the members the
actor may read (``access.members_visible_to``)."""

from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiedao.accounts.actor import Actor
from jiedao.activities.models import Attendance
from jiedao.core.ledgers import Cell, Ledger, Period, Source, Table
from jiedao.party import access, selectors
from jiedao.party.models import PartyMember, StudyEntry
from jiedao.party.selectors.hours import MAX_IDS


def _scope(actor: Actor) -> str:
    return _("全街道党组织") if access.can_read(actor) else ""


def study_hours(actor: Actor, period: Period) -> Table:
    """Each member's hours of the year by source against the target (``selectors.ledger``)."""
    year = period.year
    rows = selectors.ledger(
        selectors.members_of_year(access.members_visible_to(actor), year),
        year=year,
        subdistrict_id=actor.subdistrict_id or 0,
    )
    statuses = dict(PartyMember.Status.choices)
    table = Table(
        title=_("%(year)s年度党员学时台账") % {"year": year},
        headings=[
            _("党组织"),
            _("姓名"),
            _("党员类别"),
            _("党课学时"),
            _("自学学时"),
            _("外部培训学时"),
            _("合计"),
            _("目标"),
            _("差额"),
            _("达标月份"),
        ],
        scope=_scope(actor),
    )
    index_of: dict[int, int] = {}
    for index, row in enumerate(rows):
        index_of[row.member.person_id] = index
        cells: list[Cell] = [
            row.branch_name,
            row.name,
            str(statuses.get(row.member.status, "")),
            row.by_lectures,
            row.by_self_study,
            row.by_external,
            row.hours,
            row.target,
            row.shortfall,
            row.reached_month,
        ]
        table.rows.append(cells)
        table.sources.append(Source("party.partymember", row.member.pk, f"{row.branch_name} {row.name}", index))
    table.sources.extend(_credit_sources(index_of, period, actor.subdistrict_id or 0))
    return table


def _credit_sources(index_of: dict[int, int], period: Period, subdistrict_id: int) -> Iterable[Source]:
    """The records the hours came from: lecture attendances of the year and approved
    study entries (two queries)."""
    if not index_of:
        return
    start, end = selectors.year_bounds(period.year)
    # A whole district reads the sub-district's records rather than sending tens of
    # thousands of ids (as ``selectors.ledger`` does), and skips anyone not in the table.
    few = len(index_of) <= MAX_IDS
    people = {"person_id__in": list(index_of)} if few else {}
    attendances = Attendance.objects.filter(
        **people,
        subdistrict_id=subdistrict_id,
        session__activity__lecture__isnull=False,
        session__starts_at__lt=end,
        session__ends_at__gt=start,
    ).values_list("id", "person_id", "session__activity__title", "signed_in_at")
    signed_in = _("党课签到：%(title)s %(day)s")
    for pk, person_id, title, at in attendances.order_by("id"):
        if person_id not in index_of:
            continue
        label = signed_in % {"title": title, "day": timezone.localtime(at).date().isoformat()}
        yield Source("activities.attendance", pk, label, index_of[person_id])
    members = {"member__person_id__in": list(index_of)} if few else {}
    entries = StudyEntry.objects.filter(
        **members,
        subdistrict_id=subdistrict_id,
        status=StudyEntry.Status.APPROVED,
        studied_on__year=period.year,
    ).values_list("id", "member__person_id", "title", "hours")
    studied = _("%(title)s（%(hours)s学时）")
    for pk, person_id, title, hours in entries.order_by("id"):
        if person_id not in index_of:
            continue
        label = studied % {"title": title, "hours": hours}
        yield Source("party.studyentry", pk, label, index_of[person_id])


def three_ones(actor: Actor, period: Period) -> Table:
    """The 三新 members transferred in during the period and their 三个一 to date
    (``selectors.onboarding``: each step from its first record)."""
    subdistrict_id = actor.subdistrict_id or 0
    members = (
        selectors.newcomers(access.members_visible_to(actor))
        .filter(transferred_in_on__gte=period.start, transferred_in_on__lte=period.last)
        .order_by("transferred_in_on", "person__name", "id")
    )
    found = selectors.onboarding(members, subdistrict_id=subdistrict_id)
    labels = [str(label) for _key, label in selectors.STEPS]
    table = Table(
        title=_("%(period)s三新党员“三个一”进度台账") % {"period": period.label},
        headings=[_("党组织"), _("姓名"), _("转入日期"), *labels, _("已完成"), _("全部完成")],
        scope=_scope(actor),
    )
    models = {"attendance": "activities.attendance", "claim": "volunteering.claim"}
    for index, item in enumerate(found):
        member = item.member
        done = sum(1 for step in item.steps if step.done)
        steps: list[Cell] = [
            timezone.localtime(step.record.at).date().isoformat() if step.record else _("未完成") for step in item.steps
        ]
        table.rows.append(
            [
                member.branch.name,
                member.person.name,
                member.transferred_in_on,
                *steps,
                done,
                _("是") if item.complete else _("否"),
            ]
        )
        table.sources.append(Source("party.partymember", member.pk, member.person.name, index))
        for step in item.steps:
            if step.record is not None:
                label = f"{step.label}：{step.record.title}"
                table.sources.append(Source(models[step.record.kind], step.record.id, label, index))
    return table


def ledgers() -> Iterable[Ledger]:
    readers = frozenset(access.READ_ROLES)
    yield Ledger(
        key="party.study_hours",
        title=gettext_lazy("党员学时台账"),
        readers=readers,
        build=study_hours,
        source=gettext_lazy("党课签到、认定的自学与外部培训学时"),
        monthly=False,
    )
    yield Ledger(
        key="party.three_ones",
        title=gettext_lazy("三新党员“三个一”进度台账"),
        readers=readers,
        build=three_ones,
        source=gettext_lazy("参观、党课签到与认领并核定的公益服务"),
    )
