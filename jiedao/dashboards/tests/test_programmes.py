"""Each programme's dashboard figures equal its records, change when a record does,
and stay within the actor's scope (``AppConfig.dashboard``)."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from jiedao.accounts.actor import actor_for
from jiedao.activities import services as activities
from jiedao.activities.models import Registration
from jiedao.core.numbers import percent
from jiedao.dashboards.tests.helpers import chart, figures, tile
from jiedao.dues import services as dues_services
from jiedao.employment.models import JobReferral
from jiedao.employment.tests.conftest import make_class, seeker_of, trainees
from jiedao.legalaid.models import LegalAidCase
from jiedao.meetings.tests.helpers import meeting_world
from jiedao.org.models import Unit
from jiedao.people.models import Person
from jiedao.testing import World, make_person, numbered
from jiedao.unions.tests.conftest import unions_of

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")


def at(year: int, month: int, day: int, hour: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, tzinfo=TZ)


def test_meetings_count_the_meetings_held_and_the_invited_who_came(world: World) -> None:
    with time_machine.travel(at(2020, 10, 1, 9), tick=False):
        mw = meeting_world(world)
        invited = Registration.objects.filter(activity=mw.meeting.activity).exclude(status="cancelled").count()
        assert tile(world, "meetings", "party", "held") == 1
        assert tile(world, "meetings", "party", "rate") == percent(0, invited)
        activities.sign_in(session=mw.session, person=world.people["party_member"], method="manual")
        assert tile(world, "meetings", "party", "rate") == percent(1, invited)
        table = chart(world, "meetings", "admin", "invited")
        assert sum(int(row["应邀"]) for row in table.values()) == invited
        assert sum(int(row["实到"]) for row in table.values()) == 1
        # A unit asked to send someone: its representative's sign-in counts for it.
        union = actor_for(world.users["union"])
        activities.invite(actor=union, activity=mw.meeting.activity, unit=world.gongzhi, category="member_unit")
        activities.sign_in(session=mw.session, person=world.people["zhonghong_worker"], method="manual")
        assert tile(world, "meetings", "party", "rate") == percent(2, invited + 1)
    # The year of the latest meeting held, until one is held this year.
    with time_machine.travel(at(2021, 5, 1, 9), tick=False):
        assert tile(world, "meetings", "party", "held") == 1
        assert figures(world, "meetings", "party")["held"].note == "2020年"
        # Only the offices manage the meetings; another sub-district holds none of ours.
        assert figures(world, "meetings", "jiachun") == {}
        assert tile(world, "meetings", "other_admin", "held") == 0


def test_unions_show_coverage_of_the_actors_areas(world: World) -> None:
    setup = unions_of(world)
    enterprises = Unit.objects.filter(subdistrict=world.liangcheng, kind=Unit.Kind.ENTERPRISE).count()
    members = Person.objects.filter(
        subdistrict=world.liangcheng, employer__kind=Unit.Kind.ENTERPRISE, is_union_member=True
    ).count()
    assert tile(world, "unions", "union", "enterprises") == enterprises
    assert tile(world, "unions", "union", "members") == members
    make_person(world.liangcheng, "新会员", employer=world.jiachun, roles={"is_worker", "is_union_member"})
    assert tile(world, "unions", "union", "members") == members + 1
    assert set(chart(world, "unions", "admin", "coverage")) >= {"秀苑", "中虹"}
    # An area chair sees their own area only; another sub-district nothing of ours.
    assert set(chart(world, "unions", "xiuyuan", "coverage")) == {"秀苑"}
    assert set(chart(world, "unions", "zhonghong", "coverage")) == {"中虹"}
    assert "秀苑" not in chart(world, "unions", "other_admin", "coverage")
    assert setup.small.pk and figures(world, "unions", "party") == {}


def test_dues_compare_the_assessed_with_the_collected_and_age_the_arrears(world: World) -> None:
    from jiedao.dues.tests.conftest import dues_of

    with time_machine.travel(at(2020, 3, 1, 9), tick=False):  # the figures of 2019, settled
        setup = dues_of(world)
        assessed = setup.jiachun_2019.assessed + setup.gongzhi_2019.assessed
        assert tile(world, "dues", "union", "assessed") == assessed
        assert tile(world, "dues", "union", "paid") == setup.jiachun_2019.assessed + Decimal("10000.00")
        dues_services.payment_add(
            actor=setup.union, assessment=setup.gongzhi_2019, paid_on=dt.date(2019, 9, 1), amount=Decimal("0.01")
        )
        assert tile(world, "dues", "admin", "paid") == setup.jiachun_2019.assessed + Decimal("10000.01")
        # An enterprise chair reads its own unit's ledger only.
        assert tile(world, "dues", "jiachun", "assessed") == setup.jiachun_2019.assessed
        assert figures(world, "dues", "labour") == {}
        assert tile(world, "dues", "other_admin", "assessed") == Decimal("0.00")
        table = chart(world, "dues", "union", "arrears")
        assert table["逾期90天以内"]["笔数"] == "1"  # 共志's, due 2019-12-31
        assert tile(world, "dues", "union", "overdue") == 1


def _case(w: World, n: int, opened_on: dt.date, dispute_type: str) -> LegalAidCase:
    from jiedao.legalaid.models import CaseStep

    person = make_person(w.liangcheng, numbered("职工", n))
    case = LegalAidCase.objects.create(
        subdistrict=w.liangcheng,
        person=person,
        channel="desk",
        dispute_type=dispute_type,
        employer_name="某公司",
        summary="经过",
        knew_on=opened_on,
        opened_on=opened_on,
        stage_since=opened_on,
        stage="consultation",
        limitation_rule="knew",
    )
    step = CaseStep.objects.create(
        subdistrict=w.liangcheng, case=case, kind="opened", stage="consultation", on=opened_on
    )
    CaseStep.objects.filter(pk=step.pk).update(created_at=at(opened_on.year, opened_on.month, opened_on.day, 10))
    return case


def test_legal_aid_publishes_the_statistics_with_small_counts_withheld(world: World) -> None:
    with time_machine.travel(at(2026, 6, 15, 10), tick=False):
        for n in range(6):
            _case(world, n, dt.date(2026, 3, 2), "wage_arrears")
        assert tile(world, "legalaid", "labour", "cases") == 6
        types = chart(world, "legalaid", "handler", "types")
        assert types["欠薪"]["案件数"] == "6"
        _case(world, 6, dt.date(2026, 4, 2), "dismissal")
        types = chart(world, "legalaid", "admin", "types")
        assert types["解除劳动关系"]["案件数"] == "<5"
        assert tile(world, "legalaid", "admin", "cases") == 7
        assert tile(world, "legalaid", "other_admin", "cases") == 0
        assert figures(world, "legalaid", "worker") == {}


def test_employment_counts_seekers_and_placements(world: World) -> None:
    with time_machine.travel(at(2020, 11, 15, 10), tick=False):
        setup = seeker_of(world)
        assert tile(world, "employment", "labour", "open") == 1
        assert tile(world, "employment", "labour", "hired") == 0
        JobReferral.objects.filter(pk=setup.referral.pk).update(outcome="hired", outcome_on=dt.date(2020, 9, 20))
        assert tile(world, "employment", "admin", "hired") == 1
        months = chart(world, "employment", "labour", "seekers")
        assert months["9月"] == {"新登记": "1", "就业注销": "0", "推荐录用": "1"}
        assert figures(world, "employment", "union") == {}
        assert tile(world, "employment", "other_admin", "open") == 0


def test_training_rates_per_class_and_the_providers_own_classes(world: World) -> None:
    with time_machine.travel(at(2020, 11, 15, 10), tick=False):
        training_class = make_class(world)
        trainees(world, 3, training_class, certified=True)
        trainees(world, 1, training_class, completed=False)
        rates = chart(world, "training", "labour", "rates")
        assert rates[training_class.name] == {"结业率": "75.0", "取证率": "75.0"}
        assert tile(world, "training", "labour", "trainees") == 4
        # The provider sees its own classes, not the subsidies; another sub-district nothing.
        assert tile(world, "training", "lixiang", "trainees") == 4
        assert "claimed" not in figures(world, "training", "lixiang")
        assert tile(world, "training", "other_admin", "trainees") == 0
        assert figures(world, "training", "union") == {}


def test_party_sums_study_hours_by_branch_and_counts_the_three_ones(world: World) -> None:
    from jiedao.activities.models import Attendance
    from jiedao.party.tests.conftest import party_of

    with time_machine.travel(at(2026, 6, 15, 10), tick=False):
        setup = party_of(world)
        hours = chart(world, "party", "party", "hours")
        assert hours[setup.xiuyuan.name]["学时"] == "4.0"  # one half-day lecture attended
        Attendance.objects.create(
            subdistrict=world.liangcheng,
            session=setup.session,
            person=world.people["worker"],
            method="manual",
            signed_in_at=setup.session.starts_at,
        )
        assert chart(world, "party", "centre", "hours")[setup.xiuyuan.name]["学时"] == "8.0"
        assert tile(world, "party", "party", "members") == 3
        assert tile(world, "party", "party", "newcomers") == 1
        steps = chart(world, "party", "party", "steps")
        assert steps["参加一堂党课"] == {"已完成": "0", "未完成": "1"}
        assert figures(world, "party", "union") == {}
        assert tile(world, "party", "other_admin", "members") == 0


def test_a_large_districts_study_hours_are_kept_a_while(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    from django.core.cache import cache

    from jiedao.activities.models import Attendance
    from jiedao.party import dashboard
    from jiedao.party.tests.conftest import party_of

    monkeypatch.setattr(dashboard, "LARGE", 1)
    cache.clear()
    with time_machine.travel(at(2026, 6, 15, 10), tick=False):
        setup = party_of(world)
        assert chart(world, "party", "party", "hours")[setup.xiuyuan.name]["学时"] == "4.0"
        Attendance.objects.create(
            subdistrict=world.liangcheng,
            session=setup.session,
            person=world.people["worker"],
            method="manual",
            signed_in_at=setup.session.starts_at,
        )
        hours = figures(world, "party", "party")["hours"]
        assert chart(world, "party", "party", "hours")[setup.xiuyuan.name]["学时"] == "4.0"  # kept
        assert "每10分钟更新" in str(hours.note)
        cache.clear()
        assert chart(world, "party", "party", "hours")[setup.xiuyuan.name]["学时"] == "8.0"
        cache.clear()


def test_volunteering_counts_verified_hours_by_month_and_claims(world: World) -> None:
    from jiedao.volunteering.models import ServiceRecord
    from jiedao.volunteering.tests.conftest import build_volunteering

    with time_machine.travel(at(2026, 6, 15, 10), tick=False):
        setup = build_volunteering(world)
        assert tile(world, "volunteering", "centre", "hours") == 0
        assert tile(world, "volunteering", "centre", "claimed") == 1
        ServiceRecord.objects.create(
            subdistrict=world.liangcheng,
            claim=setup.past_claim,
            hours=Decimal("2.50"),
            status=ServiceRecord.Status.VERIFIED,
            verified_at=at(2026, 6, 14, 12),
        )
        assert tile(world, "volunteering", "admin", "hours") == Decimal("2.50")
        assert chart(world, "volunteering", "centre", "months")["6月"]["服务时长"] == "2.50"
        assert figures(world, "volunteering", "labour") == {}
        assert tile(world, "volunteering", "other_admin", "hours") == 0


def test_counselling_shows_sessions_by_month_with_small_months_withheld(world: World) -> None:
    from jiedao.counselling.models import Appointment
    from tests.access.counselling_records import book, records_world

    with time_machine.travel(at(2026, 6, 15, 10), tick=False):
        rw = records_world(world)  # two sessions this month: not counted until it is over
        assert Appointment.objects.filter(status="attended", starts_at__month=6).count() == 2
        for n in range(5):
            person = make_person(world.liangcheng, numbered("来访者", n))
            book(rw.room, rw.mine, person, at(2026, 3, 3, 8 + n), status="attended")
        months = chart(world, "counselling", "admin", "months")
        assert months["3月"]["次数"] == "5" and months["4月"]["次数"] == "0"
        assert "6月" not in months  # completed months only
        book(rw.room, rw.mine, world.people["worker"], at(2026, 4, 3, 9), status="attended")
        months = chart(world, "counselling", "supervisor", "months")
        assert months["4月"]["次数"] == "<5"
        assert figures(world, "counselling", "counsellor") == {}
        assert tile(world, "counselling", "other_admin", "sessions") == 0
