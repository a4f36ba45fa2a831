"""Newsletter stories of lectures and of the 凝新 studio's 主题党日 (``party.stories``)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from jiedao.activities.models import Activity, Attendance, Session
from jiedao.activities.stories import Story, compose
from jiedao.demo.loader import load_demo
from jiedao.party.demo_steps import THEME_DAY
from jiedao.party.models import Lecture
from jiedao.party.stories import party_story
from jiedao.party.tests.conftest import PartySetup
from jiedao.testing import World
from jiedao.volunteering.models import Claim, ServiceRecord, Shift, Task

pytestmark = pytest.mark.django_db
DAY = dt.date(2020, 9, 25)


def _text(story: Story | None) -> str:
    assert story is not None
    return "\n".join(p.text for p in story.paragraphs)


def _at(hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(DAY, dt.time(hour)))


def _activity(world: World, party: PartySetup, kind: str, title: str, hour: int, place: str) -> Session:
    activity = Activity.objects.create(subdistrict=world.liangcheng, kind=kind, title=title, organiser=party.centre)
    return Session.objects.create(
        subdistrict=world.liangcheng, activity=activity, starts_at=_at(hour), ends_at=_at(hour + 1), place=place
    )


def _attend(session: Session, person_id: int) -> None:
    Attendance.objects.create(
        subdistrict_id=session.subdistrict_id,
        session=session,
        person_id=person_id,
        method="import",
        signed_in_at=session.starts_at,
    )


@pytest.fixture
def theme_day(world: World, party: PartySetup) -> Lecture:
    session = _activity(world, party, Activity.Kind.LECTURE, "“践初心”主题党日", 10, "党群服务中心")
    lecture = Lecture.objects.create(
        subdistrict=world.liangcheng,
        activity=session.activity,
        kind=Lecture.Kind.THEME_DAY,
        topic="浅谈社区",
        speaker_kind=Lecture.SpeakerKind.TEACHER,
        speaker_name="薛老师",
        speaker_title="凉城社区党校讲师",
        format=Lecture.Format.HOURS,
    )
    visit = _activity(world, party, Activity.Kind.VISIT, "参观党群服务中心", 9, "凉城新村街道社区党群服务中心")
    for person in (party.newcomer.person_id, party.member.person_id):
        _attend(session, person)
    _attend(visit, party.newcomer.person_id)
    return lecture


def _verified_claim(world: World, party: PartySetup, person_id: int) -> Claim:
    session = _activity(world, party, Activity.Kind.SERVICE, "社区助老服务", 14, "秀苑")
    task = Task.objects.create(
        subdistrict=world.liangcheng, activity=session.activity, contact="王老师", hours_per_shift=Decimal(2)
    )
    shift = Shift.objects.create(subdistrict=world.liangcheng, task=task, session=session, capacity=5, claimed=1)
    claim = Claim.objects.create(subdistrict=world.liangcheng, shift=shift, person_id=person_id)
    ServiceRecord.objects.create(
        subdistrict=world.liangcheng,
        claim=claim,
        source=ServiceRecord.Source.ATTENDANCE,
        hours=Decimal(2),
        status=ServiceRecord.Status.VERIFIED,
        verified_at=session.ends_at,
    )
    return claim


def test_a_lecture_states_speaker_topic_place_and_attendance(world: World, party: PartySetup) -> None:
    story = compose(party.lecture.activity)
    assert story is not None
    assert story.title == "街道党工委书记乐跃明主讲党课"
    assert story.office == "党群中心"  # the organiser, as the newsletter writes it
    assert "街道党工委书记乐跃明主讲党课，主题为“新中国史”（地点：秀苑）。共1人参加了党课。" in _text(story)
    sources = {s.model for s in story.paragraphs[0].sources}
    assert {"party.lecture", "activities.activity", "activities.session"} <= sources

    _attend(party.session, party.newcomer.person_id)
    again = party_story(party.lecture.activity)
    assert again is not None
    assert "共2人参加了党课。" in _text(again)
    assert again.fingerprint() != story.fingerprint()


def test_a_theme_day_states_the_three_steps(world: World, party: PartySetup, theme_day: Lecture) -> None:
    story = compose(theme_day.activity)
    assert story is not None
    assert story.title == "凝新工作室举办主题党日活动" and story.office == "党群中心"
    text = _text(story)
    assert (
        "2020年9月25日，党群服务中心组织“三新”党员开展了“践初心”主题党日，1名“三新”党员参加了活动（到会共2人）。"
        in text
    )
    assert "1名“三新”党员参观了凉城新村街道社区党群服务中心。" in text
    assert "由凉城社区党校讲师薛老师主讲“浅谈社区”。" in text
    assert "到会的“三新”党员中，0人已认领社区公益服务。" in text
    first = story.fingerprint()

    claim = _verified_claim(world, party, party.newcomer.person_id)
    story = party_story(theme_day.activity)
    assert story is not None
    assert "到会的1名“三新”党员均认领了社区公益服务。" in _text(story)
    served = next(p for p in story.paragraphs if "公益服务" in p.text)
    assert ("volunteering.claim", claim.pk) in {(s.model, s.pk) for s in served.sources}
    assert story.fingerprint() != first


def test_other_activities_are_not_the_party_s(world: World, party: PartySetup, theme_day: Lecture) -> None:
    visit = Activity.objects.get(kind=Activity.Kind.VISIT)
    assert party_story(visit) is None
    bare = Activity.objects.create(
        subdistrict=world.liangcheng, kind=Activity.Kind.LECTURE, title="无记录", organiser=party.centre
    )
    assert party_story(bare) is None


def test_a_constant_number_of_queries(
    world: World, party: PartySetup, theme_day: Lecture, django_assert_max_num_queries: object
) -> None:
    activity = Activity.objects.get(pk=theme_day.activity_id)
    with django_assert_max_num_queries(8):  # type: ignore[operator]
        party_story(activity)
    _verified_claim(world, party, party.newcomer.person_id)
    _attend(Session.objects.get(activity=activity), world.people["worker"].pk)
    with django_assert_max_num_queries(8):  # type: ignore[operator]
        party_story(activity)
    lecture = Activity.objects.get(pk=party.lecture.activity_id)
    with django_assert_max_num_queries(4):  # type: ignore[operator]
        party_story(lecture)


def test_the_demo_lectures_and_theme_day_read_as_the_newsletter() -> None:
    load_demo()
    le = Activity.objects.get(title="“四史”学习教育党课：站起来、富起来、强起来")
    chen = Activity.objects.get(title="“四史”学习教育党课：上海改革开放史")
    text = _text(compose(le))
    assert (
        "街道党工委书记乐跃明在秀苑居民区主讲“四史”学习教育党课，主题为“学习新中国史：站起来、富起来、强起来”" in text
    )
    text = _text(compose(chen))
    assert "街道党工委副书记、办事处主任陈懿在中虹居民区主讲“四史”学习教育党课" in text
    assert compose(le).office == "党建办"  # type: ignore[union-attr]

    story = compose(Activity.objects.get(title=THEME_DAY))
    assert story is not None
    text = _text(story)
    assert story.office == "党群中心"
    assert (
        "党群服务中心组织“三新”党员开展了“学‘四史’、践初心、党员先锋行动”主题党日，20名“三新”党员参加了活动。" in text
    )
    assert "20名“三新”党员参观了凉城新村街道社区党群服务中心。" in text
    assert "由凉城社区党校讲师薛老师主讲“浅谈社区”。" in text
    assert "到会的20名“三新”党员均认领了社区公益服务。" in text
    assert all(p.sources for p in story.paragraphs)
