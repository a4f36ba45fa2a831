"""The study-hour ledger: conversion rules, the year an hour belongs to, targets by
role and override, the month reached, and a constant number of queries."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from jiedao.activities.models import Activity, Attendance, Session
from jiedao.party import selectors
from jiedao.party.models import CommitteeMember, Lecture, PartyMember, StudyEntry, StudyRules, TargetOverride
from jiedao.party.selectors import hours as hours_module
from jiedao.party.tests.conftest import PartySetup
from jiedao.testing import World, make_person, numbered

pytestmark = pytest.mark.django_db
ZONE = timezone.get_fixed_timezone(8 * 60)
RULES = StudyRules(subdistrict_id=1)


def at(y: int, m: int, d: int, h: int = 0, mi: int = 0) -> dt.datetime:
    return dt.datetime(y, m, d, h, mi, tzinfo=ZONE)


def credits(fmt: str, start: dt.datetime, end: dt.datetime, year: int, **kw: object) -> list[tuple[dt.date, Decimal]]:
    found = selectors.lecture_credits(
        fmt=fmt,
        starts_at=start,
        ends_at=end,
        signed_in_at=kw.get("signed_in", start),  # type: ignore[arg-type]
        signed_out_at=kw.get("signed_out"),  # type: ignore[arg-type]
        signs_out=bool(kw.get("signs_out", False)),
        rules=RULES,
        year=year,
    )
    return [(c.on, c.hours) for c in found]


def test_a_full_day_counts_eight_a_day_and_over_new_year_each_day_in_its_own_year() -> None:
    start, end = at(2020, 12, 31, 9), at(2021, 1, 1, 17)
    assert credits("full_day", start, end, 2020) == [(dt.date(2020, 12, 31), Decimal(8))]
    assert credits("full_day", start, end, 2021) == [(dt.date(2021, 1, 1), Decimal(8))]
    assert credits("full_day", at(2020, 5, 1, 9), at(2020, 5, 1, 17), 2020) == [(dt.date(2020, 5, 1), Decimal(8))]


def test_a_half_day_lecture_counts_four_whatever_its_length() -> None:
    assert credits("half_day", at(2020, 9, 8, 9), at(2020, 9, 8, 11, 30), 2020) == [(dt.date(2020, 9, 8), Decimal(4))]
    assert credits("half_day", at(2020, 9, 8, 9), at(2020, 9, 8, 11, 30), 2021) == []


def test_otherwise_the_hours_attended_cut_at_midnight_of_the_new_year() -> None:
    start, end = at(2020, 12, 31, 22), at(2021, 1, 1, 1)
    assert credits("hours", start, end, 2020) == [(dt.date(2020, 12, 31), Decimal("2.0"))]
    assert credits("hours", start, end, 2021) == [(dt.date(2021, 1, 1), Decimal("1.0"))]
    # Late by 30 minutes: 1.5 of 2 hours.
    late = credits("hours", at(2020, 9, 25, 10), at(2020, 9, 25, 12), 2020, signed_in=at(2020, 9, 25, 10, 30))
    assert late == [(dt.date(2020, 9, 25), Decimal("1.5"))]


def test_an_activity_that_signs_out_counts_to_the_sign_out_and_nothing_without_one() -> None:
    start, end = at(2020, 6, 1, 9), at(2020, 6, 1, 12)
    out = at(2020, 6, 1, 11, 15)
    assert credits("hours", start, end, 2020, signs_out=True, signed_out=out) == [(dt.date(2020, 6, 1), Decimal("2.3"))]
    assert credits("hours", start, end, 2020, signs_out=True) == []


def _entry(member: PartyMember, on: dt.date, hours: int, status: str = "approved", source: str = "external") -> None:
    StudyEntry.objects.create(
        subdistrict_id=member.subdistrict_id,
        member=member,
        source=source,
        title="学习",
        studied_on=on,
        hours=Decimal(hours),
        status=status,
    )


def test_ledger_sums_the_records_against_the_target_by_role_and_override(world: World, party: PartySetup) -> None:
    year = party.session.starts_at.astimezone(timezone.get_current_timezone()).year
    member, secretary, newcomer = party.member, party.secretary, party.newcomer
    _entry(member, dt.date(year, 1, 10), 8)
    _entry(member, dt.date(year, 3, 2), 20, source="self_study")
    _entry(member, dt.date(year, 4, 2), 20, status="rejected", source="self_study")  # not counted
    _entry(member, dt.date(year - 1, 4, 2), 20)  # another year
    TargetOverride.objects.create(
        subdistrict=world.liangcheng, member=newcomer, year=year, hours=Decimal(8), reason="年中转入"
    )
    CommitteeMember.objects.create(subdistrict=world.liangcheng, branch=party.enterprise, person=member.person)
    rows = {
        r.member.pk: r
        for r in selectors.ledger(
            selectors.members_of_year(PartyMember.objects.all(), year), year=year, subdistrict_id=world.liangcheng.pk
        )
    }
    m = rows[member.pk]
    # 8 external + 20 self-study + 4 for the half-day lecture attended.
    assert m.hours == Decimal(32) and m.by_lectures == Decimal(4) and m.by_external == Decimal(8)
    assert m.is_leader and m.target == Decimal(56) and m.shortfall == Decimal(24) and m.reached_month is None
    assert rows[secretary.pk].target == Decimal(56)  # the branch's secretary
    assert rows[newcomer.pk].target == Decimal(8) and rows[newcomer.pk].shortfall == Decimal(8)


def test_the_month_reached_is_when_the_running_total_meets_the_target(world: World, party: PartySetup) -> None:
    StudyRules.objects.create(subdistrict=world.liangcheng, member_target=Decimal(10))
    _entry(party.newcomer, dt.date(2020, 2, 1), 6)
    _entry(party.newcomer, dt.date(2020, 5, 3), 4)
    _entry(party.newcomer, dt.date(2020, 7, 3), 4)
    row = selectors.ledger([party.newcomer], year=2020, subdistrict_id=world.liangcheng.pk)[0]
    assert row.target == Decimal(10) and row.hours == Decimal(14) and row.reached_month == 5


def test_members_of_a_year_leave_out_those_transferred_out_before_or_in_after(world: World, party: PartySetup) -> None:
    party.newcomer.transferred_in_on = dt.date(2021, 3, 1)
    party.newcomer.save()
    party.member.transferred_out_on, party.member.transferred_out_to = dt.date(2019, 12, 31), "外区"
    party.member.save()
    names = set(selectors.members_of_year(PartyMember.objects.all(), 2020).values_list("person__name", flat=True))
    assert names == {party.secretary.person.name}


@pytest.mark.parametrize("n", [3, 30])
def test_the_ledger_costs_the_same_queries_for_3_or_30_members(
    world: World, party: PartySetup, n: int, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    start = at(2020, 9, 8, 9)
    session = Session.objects.create(
        subdistrict=world.liangcheng,
        activity=Activity.objects.create(
            subdistrict=world.liangcheng, kind="lecture", title="党课", organiser=party.centre
        ),
        starts_at=start,
        ends_at=start + dt.timedelta(hours=3),
        place="秀苑",
    )
    Lecture.objects.create(
        subdistrict=world.liangcheng,
        activity=session.activity,
        topic="党史",
        speaker_kind="teacher",
        speaker_name="薛老师",
    )
    for i in range(n):
        person = make_person(world.liangcheng, numbered("党员", i), roles={"is_party_member"})
        m = PartyMember.objects.create(subdistrict=world.liangcheng, person=person, branch=party.xiuyuan)
        _entry(m, dt.date(2020, 3, 1), 4)
        Attendance.objects.create(
            subdistrict=world.liangcheng, session=session, person=person, method="manual", signed_in_at=start
        )
    members = list(selectors.members_of_year(PartyMember.objects.all(), 2020))
    # rules, secretaries, committee, overrides, the year's lecture sessions, attendances, entries
    with django_assert_num_queries(7):
        rows = selectors.ledger(members, year=2020, subdistrict_id=world.liangcheng.pk)
    assert sum(1 for r in rows if r.hours == Decimal(8)) == n


def test_the_whole_district_path_gives_the_same_ledger(
    world: World, party: PartySetup, monkeypatch: pytest.MonkeyPatch
) -> None:
    year = party.session.starts_at.astimezone(timezone.get_current_timezone()).year
    _entry(party.member, dt.date(year, 1, 10), 8)
    TargetOverride.objects.create(
        subdistrict=world.liangcheng, member=party.newcomer, year=year, hours=Decimal(8), reason="年中转入"
    )
    members = list(selectors.members_of_year(PartyMember.objects.all(), year))[:2]

    def summary() -> list[tuple[int, Decimal, Decimal]]:
        rows = selectors.ledger(members, year=year, subdistrict_id=world.liangcheng.pk)
        return [(r.member.pk, r.hours, r.target) for r in rows]

    by_ids = summary()
    monkeypatch.setattr(hours_module, "MAX_IDS", 1)
    assert summary() == by_ids and len(by_ids) == 2
