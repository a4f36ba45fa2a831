"""The newsletter story of a training class, from its records (``training.stories``)."""

import pytest

from jiedao.activities.models import Activity
from jiedao.activities.stories import Story, compose
from jiedao.demo.loader import load_demo
from jiedao.testing import World
from jiedao.training import services
from jiedao.training.demo_steps import CLASS_2020, WORKS
from jiedao.training.models import Enrolment, TrainingClass
from jiedao.training.stories import training_story
from jiedao.training.tests.helpers import TrainingSetup, actor, attend, pass_works, seat, training_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def ts(world: World) -> TrainingSetup:
    return training_of(world)


def _text(story: Story | None) -> str:
    assert story is not None
    return "\n".join(p.text for p in story.paragraphs)


def test_it_states_the_class_figures(world: World, ts: TrainingSetup) -> None:
    story = compose(ts.past.activity)
    assert story is not None
    assert story.title == "凉城新村街道开展干花艺术插花专项职业能力培训" and story.office == "社区受理中心"
    text = _text(story)
    assert (
        "街道劳动保障事务所联合上海理想职业技能培训学校开展了2场干花艺术插花专项职业能力培训，共1名学员参加培训，其中登记求职者1名。"
        in text
    )
    assert "完成规定课时（8课时）并通过作品考核的1名学员顺利结业，达到专项职业能力水平。" in text
    assert "学员们亲手制作了干花密封罐、干花花环等2个作品，共2件作品评定合格。" in text
    first = story.paragraphs[0]
    assert ("training.enrolment", ts.enrolment.pk) in {(s.model, s.pk) for s in first.sources}
    # The work recorded with a photo is the story's photo, with its caption.
    assert [p.caption for p in story.photos] == ["学员作品：干花密封罐"]
    assert story.photos[0].image.startswith("training/works/")


def test_a_trainee_completing_changes_the_next_story(world: World, ts: TrainingSetup) -> None:
    labour = actor(world, "labour")
    other = seat(ts.past, world.people["worker"].pk)
    before = training_story(ts.past.activity)
    assert before is not None
    assert "共2名学员参加培训" in _text(before)

    for session in ts.past.activity.sessions.all():
        attend(session, world.people["worker"].pk)
    pass_works(other)
    services.close_class(actor=labour, training_class=TrainingClass.objects.get(pk=ts.past.pk))
    assert Enrolment.objects.get(pk=other.pk).status == Enrolment.Status.COMPLETED
    after = training_story(ts.past.activity)
    assert after is not None
    assert "的2名学员顺利结业" in _text(after)
    assert after.fingerprint() != before.fingerprint()


def test_an_upcoming_class_has_no_completion_yet(world: World, ts: TrainingSetup) -> None:
    text = _text(training_story(ts.upcoming.activity))
    assert "共0名学员参加培训。" in text and "结业" not in text


def test_other_activities_are_not_training_s(world: World, ts: TrainingSetup) -> None:
    other = Activity.objects.create(
        subdistrict=world.liangcheng, kind=Activity.Kind.CLASS, title="非培训班", organiser=world.school
    )
    assert training_story(other) is None
    meeting = Activity.objects.create(
        subdistrict=world.liangcheng, kind=Activity.Kind.MEETING, title="会议", organiser=world.office
    )
    assert training_story(meeting) is None


def test_a_constant_number_of_queries(world: World, ts: TrainingSetup, django_assert_max_num_queries: object) -> None:
    activity = Activity.objects.get(pk=ts.past.activity_id)
    with django_assert_max_num_queries(5):  # type: ignore[operator]
        training_story(activity)
    pass_works(seat(ts.past, world.people["worker"].pk))
    seat(ts.past, world.people["party_member"].pk)  # the class's capacity is 3
    with django_assert_max_num_queries(5):  # type: ignore[operator]
        training_story(activity)


def test_the_demo_class_reads_as_the_newsletter() -> None:
    load_demo()
    story = compose(TrainingClass.objects.get(name=CLASS_2020).activity)
    assert story is not None
    text = _text(story)
    assert (
        "上海理想职业技能培训学校开展了4场干花艺术插花专项职业能力培训，共45名学员参加培训，其中登记求职者45名。"
        in text
    )
    assert "相当于初级职业技能资格证书水平" in text
    assert "亲手制作了干花密封罐、干花花环、干花桌面花盆、干花花树等4个作品" in text
    assert "的41名学员顺利结业" in text
    assert [p.caption for p in story.photos] == [f"学员作品：{w}" for w in WORKS]
    assert all(p.sources for p in story.paragraphs)
