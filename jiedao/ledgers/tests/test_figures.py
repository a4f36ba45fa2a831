"""Each programme's ledger: its figures are those of the records, a changed record
changes the ledger, and each reader sees the scope the programme gives them."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from jiedao.accounts.actor import Actor, actor_for
from jiedao.activities.models import Activity, Attendance, AttendeeCategory, Session
from jiedao.core.ledgers import Period, Source, Table
from jiedao.counselling import selectors as counselling_selectors
from jiedao.dues import services as dues_services
from jiedao.dues.tests.conftest import dues_of
from jiedao.employment.tests.conftest import enrol, make_class, trainees
from jiedao.ledgers.registry import all_ledgers
from jiedao.legalaid.tests.test_stats import case as legal_case
from jiedao.meetings.models import JointMeeting, Meeting
from jiedao.party.models import StudyEntry
from jiedao.party.tests.conftest import party_of
from jiedao.testing import World, make_person
from jiedao.training import services as training_services
from jiedao.training.tests.helpers import training_of
from jiedao.unions.models import CoveredUnit
from jiedao.unions.tests.conftest import unions_of
from jiedao.volunteering.models import ServiceRecord
from jiedao.volunteering.tests.conftest import build_volunteering

pytestmark = pytest.mark.django_db


def build(world: World, who: str, key: str, period: Period) -> Table:
    ledger = next(entry.ledger for entry in all_ledgers() if entry.key == key)
    return ledger.table(actor_for(world.users[who]), period)


def row(table: Table, first: object, column: int = 0) -> list[Any]:
    return list(next(r for r in table.rows if r[column] == first))


def sources_of(table: Table, model: str) -> list[Source]:
    return [s for s in table.sources if s.model == model]


def test_study_hours_are_the_members_credits(world: World) -> None:
    party = party_of(world)
    period = Period(timezone.localdate(party.session.starts_at).year)
    before = build(world, "party", "party.study_hours", period)
    member = row(before, "乐跃明", 1)
    assert member[3:9] == [Decimal(4), 0, 0, Decimal(4), Decimal(32), Decimal(28)]
    StudyEntry.objects.create(
        subdistrict=world.liangcheng,
        member=party.member,
        source=StudyEntry.Source.EXTERNAL,
        title="区委党校轮训",
        studied_on=period.start,
        hours=Decimal(8),
        status=StudyEntry.Status.APPROVED,
    )
    after = build(world, "party", "party.study_hours", period)
    assert row(after, "乐跃明", 1)[5:9] == [Decimal(8), Decimal(12), Decimal(32), Decimal(20)]
    index = after.rows.index(next(r for r in after.rows if r[1] == "乐跃明"))
    assert [s.row for s in sources_of(after, "party.studyentry")] == [index]
    assert [s.row for s in sources_of(after, "activities.attendance")] == [index]


def test_three_ones_follow_the_newcomers_records(world: World) -> None:
    party = party_of(world)
    newcomer = party.newcomer
    assert newcomer.transferred_in_on is not None
    period = Period(newcomer.transferred_in_on.year, newcomer.transferred_in_on.month)
    before = build(world, "centre", "party.three_ones", period)
    assert row(before, "李建国", 1)[3:] == ["未完成", "未完成", "未完成", 0, "否"]
    Attendance.objects.create(
        subdistrict=world.liangcheng,
        session=party.session,
        person=world.people["jobseeker"],
        method="manual",
        signed_in_at=party.session.starts_at,
    )
    after = row(build(world, "centre", "party.three_ones", period), "李建国", 1)
    assert after[4] == timezone.localdate(party.session.starts_at).isoformat() and after[6] == 1
    # Another month: transferred in then, nobody.
    other = Period(period.year - 1, 1)
    assert build(world, "centre", "party.three_ones", other).rows == []


def make_meeting(world: World, day: dt.date) -> Meeting:
    sd = world.liangcheng
    body = JointMeeting.objects.get_or_create(subdistrict=sd, name="街道与工会联席会议", convenor_unit=world.office)[0]
    activity = Activity.objects.create(
        subdistrict=sd, kind=Activity.Kind.MEETING, title=f"{day.year}年联席会议", organiser=world.office
    )
    meeting = Meeting.objects.create(subdistrict=sd, activity=activity, joint_meeting=body)
    start = dt.datetime.combine(day, dt.time(9), tzinfo=timezone.get_current_timezone())
    Session.objects.create(subdistrict=sd, activity=activity, starts_at=start, ends_at=start + dt.timedelta(hours=2))
    return meeting


def sign_in(world: World, meeting: Meeting, person_key: str, category: str) -> Attendance:
    session = meeting.activity.sessions.get()
    return Attendance.objects.create(
        subdistrict=world.liangcheng,
        session=session,
        person=world.people[person_key],
        category=category,
        method="manual",
        signed_in_at=session.starts_at,
    )


def test_meeting_attendance_counts_each_person_once_by_category(world: World) -> None:
    meeting = make_meeting(world, dt.date(2020, 9, 24))
    make_meeting(world, dt.date(2021, 3, 1))  # another year
    sign_in(world, meeting, "worker", AttendeeCategory.ENTERPRISE_UNION_CHAIR)
    sign_in(world, meeting, "party_member", AttendeeCategory.OFFICE)
    table = build(world, "union", "meetings.attendance", Period(2020))
    assert len(table.rows) == 1
    assert row(table, dt.date(2020, 9, 24))[1:] == ["2020年联席会议", "街道与工会联席会议", "", 1, 0, 1, 0, 0, 2]
    assert len(sources_of(table, "activities.attendance")) == 2
    sign_in(world, meeting, "zhonghong_worker", AttendeeCategory.AREA_UNION_CHAIR)
    assert build(world, "union", "meetings.attendance", Period(2020, 9)).rows[0][-1] == 3
    assert build(world, "union", "meetings.attendance", Period(2020, 10)).rows == []


def test_volunteer_hours_are_the_verified_records(world: World) -> None:
    vol = build_volunteering(world)
    period = Period(timezone.localdate(vol.past.session.starts_at).year)
    assert build(world, "centre", "volunteering.hours", period).rows == []
    record = ServiceRecord.objects.create(
        subdistrict=world.liangcheng,
        claim=vol.past_claim,
        source=ServiceRecord.Source.values[0],
        hours=Decimal("2.00"),
        status=ServiceRecord.Status.PENDING,
    )
    assert row(build(world, "centre", "volunteering.hours", period), "王秀英")[2:] == [1, Decimal(0), Decimal(2)]
    record.status, record.verified_at, record.verified_by = (
        ServiceRecord.Status.VERIFIED,
        timezone.now(),
        world.users["centre"],
    )
    record.save()
    table = build(world, "centre", "volunteering.hours", period)
    assert row(table, "王秀英")[2:] == [1, Decimal(2), Decimal(0)]
    assert [s.id for s in table.sources] == [record.pk]
    ServiceRecord.objects.filter(pk=record.pk).update(status=ServiceRecord.Status.REJECTED)
    assert build(world, "centre", "volunteering.hours", period).rows == []  # a rejected record is no service


def test_dues_and_arrears_are_the_assessments_and_payments(world: World) -> None:
    dues = dues_of(world)
    table = build(world, "union", "dues.ledger", Period(2019))
    gongzhi = row(table, "上海共志通信信息技术发展有限公司")
    assert gongzhi[5:8] == [Decimal("40000.00"), Decimal("10000.00"), Decimal("30000.00")] and gongzhi[9] == "是"
    assert row(table, "上海嘉春装饰设计工程有限公司")[7] == Decimal("0.00")
    dues_services.payment_add(
        actor=dues.union, assessment=dues.gongzhi_2019, paid_on=dt.date(2020, 1, 5), amount=Decimal("30000.00")
    )
    after = row(build(world, "union", "dues.ledger", Period(2019)), "上海共志通信信息技术发展有限公司")
    assert after[6:8] == [Decimal("40000.00"), Decimal("0.00")] and after[9] == "否"
    # The enterprise's union chair reads their own enterprise only.
    own = build(world, "jiachun", "dues.ledger", Period(2019))
    assert [r[0] for r in own.rows] == ["上海嘉春装饰设计工程有限公司"] and own.scope == "本企业"


def test_union_statistics_are_the_coverage_of_each_area(world: World) -> None:
    unions = unions_of(world)
    table = build(world, "union", "unions.statistics", Period(2020))
    xiuyuan = row(table, "秀苑")
    assert xiuyuan[1:6] == [3, 1, 1, 1, 1]
    CoveredUnit.objects.create(subdistrict=world.liangcheng, union=unions.xiuyuan_joint, unit=unions.uncovered)
    chair = build(world, "xiuyuan", "unions.statistics", Period(2020))
    assert [r[0] for r in chair.rows] == ["秀苑", "合计"] and row(chair, "秀苑")[1:5] == [3, 1, 2, 0]
    assert row(chair, "秀苑")[8] == Decimal("100.0")
    assert {s.label for s in chair.sources} >= {"上海秀苑未建会服务有限公司（联合工会覆盖）"}


def test_training_subsidies_are_the_claims(world: World) -> None:
    setup = training_of(world)
    period = Period(timezone.localdate().year)
    assert build(world, "labour", "training.subsidies", period).rows == []
    labour: Actor = actor_for(world.users["labour"])
    claim = training_services.claim_create(actor=labour, external_certificate=setup.external)
    table = build(world, "labour", "training.subsidies", period)
    assert row(table, "上海理想职业技能培训学校")[1:] == [1, Decimal("1000.00"), 0, 0, 0]
    training_services.claim_decide(actor=labour, claim=claim, decision="review")
    again = build(world, "labour", "training.subsidies", period)
    assert row(again, "合计")[1:] == [1, Decimal("1000.00"), Decimal("1000.00"), 0, 0]
    assert [s.id for s in again.sources] == [claim.pk]


def test_training_rates_are_the_trainees_outcomes(world: World) -> None:
    course = make_class(world, ends_on=dt.date(2020, 10, 30))
    trainees(world, 3, course, certified=True)
    table = build(world, "labour", "employment.rates", Period(2020))
    assert row(table, "干花艺术插花")[2:7] == [3, 3, Decimal("100.0"), 3, Decimal("100.0")]
    enrol(world, course, make_person(world.liangcheng, "未结业学员"), completed=False)
    after = row(build(world, "labour", "employment.rates", Period(2020)), "合计")
    assert after[2:5] == [4, 3, Decimal("75.0")]
    assert build(world, "labour", "employment.rates", Period(2021)).rows == []


def test_confidential_aggregates_name_nobody(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    """The counselling and legal-aid ledgers are the published statistics: "<5" where
    a figure is suppressed, no record on the sources sheet."""
    table = build(world, "supervisor", "counselling.aggregates", Period(2020))
    stats = counselling_selectors.counselling_stats(subdistrict_id=world.liangcheng.pk, year=2020)
    assert [r[2] for r in table.rows[:12]] == [c["value"] for c in stats["months"]]
    assert table.sources == [] and "不列明个人" in table.source_note
    suppressed = {**stats, "sessions": {"value": None, "suppressed": True}}
    monkeypatch.setattr(counselling_selectors, "counselling_stats", lambda **kwargs: suppressed)
    assert row(build(world, "supervisor", "counselling.aggregates", Period(2020)), "咨询人次", 1)[2] == "<5"
    legal = build(world, "handler", "legalaid.aggregates", Period(2020))
    assert row(legal, "案件总数", 1)[2] == 0 and legal.sources == [] and "不列明个案" in legal.source_note


def test_legal_aid_aggregates_follow_the_cases(world: World) -> None:
    for n in range(4):
        legal_case(world, n, dt.date(2020, 3, 2), "wage_arrears")
    table = build(world, "union", "legalaid.aggregates", Period(2020))
    assert row(table, "案件总数", 1)[2] == "<5" and row(table, "2020-03", 1)[2] == "<5"
    legal_case(world, 4, dt.date(2020, 3, 9), "wage_arrears")
    after = build(world, "union", "legalaid.aggregates", Period(2020))
    assert row(after, "案件总数", 1)[2] == 5 and row(after, "2020-03", 1)[2] == 5
    assert after.sources == [] and all("职工" not in str(cell) for r in after.rows for cell in r)
