"""The newsletter story of a joint meeting, from its records (``meetings.stories``)."""

import pytest

from jiedao.accounts.actor import actor_for
from jiedao.activities import services as activities
from jiedao.activities.models import Activity, Attendance, AttendeeCategory, Registration
from jiedao.activities.stories import Story, compose
from jiedao.demo.loader import load_demo
from jiedao.meetings import services
from jiedao.meetings.demo_steps import MEETING_2020
from jiedao.meetings.models import AgendaItem, Meeting
from jiedao.meetings.stories import chinese_number, meeting_story
from jiedao.meetings.tests.helpers import MeetingWorld, meeting_world
from jiedao.testing import World, make_person


@pytest.fixture
def mw(world: World) -> MeetingWorld:
    return meeting_world(world)


def _text(story: Story) -> str:
    return "\n".join(p.text for p in story.paragraphs)


def _sign_in(mw: MeetingWorld, world: World, key: str, category: str) -> None:
    activities.sign_in(
        session=mw.session, person=world.people[key], method=Attendance.Method.IMPORT, by=mw.actor, category=category
    )


def test_chinese_numbers() -> None:
    assert [chinese_number(n) for n in (0, 3, 10, 12, 20, 27, 100)] == [
        "〇",
        "三",
        "十",
        "十二",
        "二十",
        "二十七",
        "100",
    ]


def test_it_states_the_figures_of_the_minutes(world: World, mw: MeetingWorld) -> None:
    activities.invite(
        actor=mw.actor, activity=mw.meeting.activity, person=world.people["zhonghong_worker"], role="guest"
    )
    Registration.objects.filter(person=world.people["zhonghong_worker"]).update(note="区总工会副主席")
    _sign_in(mw, world, "party_member", AttendeeCategory.OFFICE)
    _sign_in(mw, world, "zhonghong_worker", AttendeeCategory.OTHER)
    _sign_in(mw, world, "worker", AttendeeCategory.AREA_UNION_CHAIR)

    story = compose(mw.meeting.activity)

    assert story is not None
    assert story.title == "2020年凉城新村街道与工会联席会议（测试）举行"
    assert story.office == "党建办" and story.activity_ids == (mw.meeting.activity_id,)
    text = _text(story)
    assert "区总工会副主席陈懿，乐跃明等参加会议。乐跃明主持会议。" in text
    assert "乐跃明通报了总工会工作情况通报" in text
    assert "审议通过《关于进一步加强职工法律援助工作》一项议题" in text
    assert "会议还表彰了1家单位（经费交纳先进单位）。" in text
    assert "街道机关科室1人，1个居民区的工会主席1人，其他1人等3人参加了会议。" in text
    requirements = [p for p in story.paragraphs if p.item]
    assert "会议提出一点要求：" in text
    assert [p.text for p in requirements] == ["1、提高政治站位"]
    # Every paragraph with a figure names its records.
    attendance = next(p for p in story.paragraphs if "参加了会议" in p.text)
    assert {s.model for s in attendance.sources} == {"activities.activity", "activities.session"}
    decision = next(p for p in story.paragraphs if "审议通过" in p.text)
    assert ("meetings.agendaitem", mw.deliberation.pk) in {(s.model, s.pk) for s in decision.sources}
    commendation = next(p for p in story.paragraphs if "表彰" in p.text)
    assert len([s for s in commendation.sources if s.model == "meetings.commendation"]) == 1


def test_a_changed_record_changes_the_next_story(world: World, mw: MeetingWorld) -> None:
    _sign_in(mw, world, "party_member", AttendeeCategory.OFFICE)
    first = meeting_story(mw.meeting.activity)
    assert first is not None and meeting_story(mw.meeting.activity) == first
    assert "等1人参加了会议" in _text(first)

    _sign_in(mw, world, "worker", AttendeeCategory.OTHER)
    second = meeting_story(mw.meeting.activity)
    assert second is not None
    assert "等2人参加了会议" in _text(second)
    assert second.fingerprint() != first.fingerprint()

    d = mw.deliberation
    services.agenda_item_update(actor=mw.actor, item=d, kind=d.kind, title=d.title, outcome=AgendaItem.Outcome.DEFERRED)
    third = meeting_story(mw.meeting.activity)
    assert third is not None
    assert "《关于进一步加强职工法律援助工作》一项议题暂缓审议" in _text(third)
    assert third.fingerprint() != second.fingerprint()


def test_foreign_activities_have_no_meeting_story(world: World, mw: MeetingWorld) -> None:
    actor = actor_for(world.users["admin"])
    lecture = activities.activity_create(actor=actor, kind=Activity.Kind.OTHER, title="读书会", organiser=world.office)
    assert meeting_story(lecture) is None
    bare = Activity.objects.create(
        subdistrict=world.liangcheng, kind=Activity.Kind.MEETING, title="没有议程的会议", organiser=world.office
    )
    assert meeting_story(bare) is None


def test_a_constant_number_of_queries(world: World, mw: MeetingWorld, django_assert_max_num_queries: object) -> None:
    activity = Activity.objects.get(pk=mw.meeting.activity_id)
    with django_assert_max_num_queries(9):  # type: ignore[operator]
        meeting_story(activity)
    for n in range(5):
        person = make_person(world.liangcheng, f"参会人{chinese_number(n + 1)}")
        activities.sign_in(session=mw.session, person=person, method=Attendance.Method.IMPORT, by=mw.actor)
        services.agenda_item_add(actor=mw.actor, meeting=mw.meeting, kind="deliberation", title=f"议题{n}")
    services.commendation_add(actor=mw.actor, item=mw.commendation, unit=world.jiachun, award="先进")
    with django_assert_max_num_queries(9):  # type: ignore[operator]
        meeting_story(activity)


@pytest.mark.django_db
def test_the_demo_meeting_reads_as_the_newsletter() -> None:
    load_demo(residents=30)
    meeting = Meeting.objects.get(activity__title=MEETING_2020)
    story = compose(meeting.activity)
    assert story is not None
    text = _text(story)
    assert story.title == "2020年凉城新村街道与工会联席会议举行"
    assert story.office == "党建办"
    assert "虹口区人大常委会副主任、区总工会主席胡军" in text
    assert "乐跃明主持会议。" in text
    assert "街道党工委副书记、总工会主席许军霞通报了凉城新村街道总工会工作开展情况以及工会联席会议制度建立情况" in text
    assert (
        "会议通过了《虹口区凉城新村街道与工会联席会议制度》，并审议通过《以网格化党建工作推进“小二级”工会建设》" in text
    )
    assert "《关于进一步加强职工法律援助工作》三项议题。" in text
    assert "会上，胡军应邀为凉城“畅心屋”心理疏导工作室揭牌。" in text
    assert "胡军就推动完善联席会议制度、更好服务区域经济社会发展大局提出三点要求：" in text
    assert len([p for p in story.paragraphs if p.item]) == 3
    assert "会议还对2019年度非公企业交纳经费工作中表现突出的7家单位进行表彰。" in text
    assert "27个居民区的工会主席27人" in text and "等90人参加了会议。" in text
    assert all(p.sources for p in story.paragraphs)
    assert [p.caption for p in story.photos] == [
        "区人大常委会副主任、区总工会主席胡军(中)出席会议",
        "胡军为凉城“畅心屋”心理疏导工作室揭牌",
    ]
    assert all(p.image.startswith("meetings/") and p.source.model == "meetings.meetingphoto" for p in story.photos)
