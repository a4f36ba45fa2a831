"""Second slice: editing and deleting providers, courses, classes and sessions; the
subsidy table with its history; the job-seeker status recorded at enrolment; the
text message of a waiting-list offer."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings

from jiedao.activities.models import Activity, Session
from jiedao.core.errors import Conflict
from jiedao.core.models import AuditEntry
from jiedao.people.models import Person
from jiedao.testing import PASSWORD, World, build_world
from jiedao.training import services
from jiedao.training.models import Course, Enrolment, Provider, SubsidyRule, TrainingClass
from jiedao.training.tests.helpers import TrainingSetup, actor, add_session, build_training, make_job_seeker

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return build_world()


@pytest.fixture
def setup(world: World) -> TrainingSetup:
    return build_training(world)


def _audited(obj: Any, action: str) -> bool:
    return AuditEntry.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk), action=action).exists()


def test_provider_edit_and_delete(world: World, setup: TrainingSetup) -> None:
    labour = actor(world, "labour")
    provider = services.provider_update(
        actor=labour, provider=setup.provider, licence_number="沪人社民证002号", contact_name="李老师", is_active=False
    )
    assert (provider.licence_number, provider.is_active) == ("沪人社民证002号", False)
    assert _audited(provider, AuditEntry.Action.UPDATE)
    # A retired school opens no class.
    with pytest.raises(ValidationError) as refused:
        services.class_create(actor=labour, course=setup.course, provider=provider, name="新班", place="教室")
    assert "provider" in refused.value.message_dict
    # It has run classes: not deleted, and told why.
    with pytest.raises(Conflict, match="设为停用"):
        services.provider_delete(actor=labour, provider=provider)
    assert Provider.objects.filter(pk=provider.pk).exists()


def test_course_rules_stay_once_a_class_was_assessed(world: World, setup: TrainingSetup) -> None:
    labour = actor(world, "labour")
    course = setup.course
    base: dict[str, Any] = {
        "name": "干花艺术插花（新）",
        "grade": course.grade,
        "prescribed_hours": course.prescribed_hours,
        "capacity": 30,
        "eligibility": course.eligibility,
        "completion_share": course.completion_share,
        "required_works": ["干花密封罐", "干花花环"],
        "description": "",
    }
    updated = services.course_update(actor=labour, course=course, **base)
    assert (updated.name, updated.capacity) == ("干花艺术插花（新）", 30)
    with pytest.raises(ValidationError) as refused:
        services.course_update(actor=labour, course=course, **{**base, "prescribed_hours": Decimal("6")})
    assert "结业评定" in str(refused.value.message_dict["prescribed_hours"])
    with pytest.raises(ValidationError) as refused:
        services.course_update(actor=labour, course=course, **{**base, "required_works": ["干花密封罐"]})
    assert "required_works" in refused.value.message_dict
    course.refresh_from_db()
    assert course.prescribed_hours == Decimal("8") and course.required_works.count() == 2
    with pytest.raises(Conflict, match="不能删除"):
        services.course_delete(actor=labour, course=course)
    # A course no class has run is deleted, audited.
    spare = services.course_create(actor=labour, name="中式面点", grade="level5", prescribed_hours=Decimal(40))
    spare_pk = spare.pk
    services.course_delete(actor=labour, course=spare)
    assert not Course.objects.filter(pk=spare_pk).exists()
    assert AuditEntry.objects.filter(object_id=str(spare_pk), action=AuditEntry.Action.DELETE).exists()


def test_class_edit_offers_new_places_with_a_text_after_commit(
    world: World,
    setup: TrainingSetup,
    settings: Settings,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    settings.JIEDAO_SMS_BACKEND = "jiedao.core.notifications.LocmemSmsBackend"
    from jiedao.core import notifications

    labour = actor(world, "labour")
    c = setup.upcoming
    people = [Person.objects.get(pk=make_job_seeker(world)) for _ in range(4)]
    for p in people[:3]:
        services.enrol(actor=labour, training_class=c, person=p)
    waiting, _created = services.enrol(actor=labour, training_class=c, person=people[3], wait=True)
    values: dict[str, Any] = {"name": c.name, "place": c.place, "offer_hours": 24, "enrolment_open": True}
    with pytest.raises(ValidationError) as refused:
        services.class_update(actor=actor(world, "lixiang"), training_class=c, capacity=2, **values)
    assert "已占名额" in str(refused.value.message_dict["capacity"])
    notifications.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.class_update(actor=actor(world, "lixiang"), training_class=c, capacity=4, **values)
        assert notifications.outbox == []  # nothing before the commit
    assert len(callbacks) == 1
    waiting.refresh_from_db()
    c.refresh_from_db()
    assert waiting.status == Enrolment.Status.OFFERED and c.seats_taken == 4
    assert waiting.offer_expires_at is not None
    text = notifications.outbox[-1]
    assert text.template == "place_offer" and text.phone == people[3].phone
    assert text.text.startswith(f"【{world.liangcheng.name}】") and c.name not in text.text
    assert timezone.localtime(waiting.offer_expires_at).strftime("%m-%d %H:%M") in text.text
    # A class with trainees is not deleted; an empty one is, with its activity.
    with pytest.raises(Conflict, match="不能删除"):
        services.class_delete(actor=labour, training_class=c)
    empty = services.class_create(actor=labour, course=setup.course, provider=setup.provider, name="空班", place="教室")
    add_session(empty, labour, timezone.now() + dt.timedelta(days=20))
    activity_id = empty.activity_id
    services.class_delete(actor=labour, training_class=empty)
    assert not TrainingClass.objects.filter(name="空班").exists()
    assert not Activity.objects.filter(pk=activity_id).exists()


def test_sessions_move_the_class_dates_until_the_class_is_assessed(world: World, setup: TrainingSetup) -> None:
    labour = actor(world, "labour")
    c = setup.upcoming
    last = Session.objects.filter(activity_id=c.activity_id).order_by("-starts_at").first()
    assert last is not None
    later = last.starts_at + dt.timedelta(days=5)
    services.class_session_update(
        actor=labour,
        training_class=c,
        session=last,
        starts_at=later,
        ends_at=later + dt.timedelta(hours=3),
        hours=Decimal("3"),
        place="",
    )
    c.refresh_from_db()
    assert c.ends_on == timezone.localtime(later).date()
    assert last.training_hours.hours == Decimal("3")
    assert _audited(last, AuditEntry.Action.UPDATE)
    services.class_session_delete(actor=labour, training_class=c, session=last)
    c.refresh_from_db()
    assert c.ends_on == c.starts_on  # one session left
    # The past class was assessed: its sessions (and so completed_on, the follow-ups'
    # day) stay; a session someone signed in at keeps its times.
    past_session = Session.objects.filter(activity_id=setup.past.activity_id).first()
    assert past_session is not None
    with pytest.raises(Conflict, match="结业评定"):
        services.class_session_delete(actor=labour, training_class=setup.past, session=past_session)
    with pytest.raises(Conflict, match="结业评定"):
        add_session(setup.past, labour, timezone.now())
    Enrolment.objects.filter(training_class=setup.past).update(status=Enrolment.Status.ENROLLED, completed_on=None)
    moved = past_session.starts_at + dt.timedelta(hours=1)
    with pytest.raises(ValidationError) as refused:
        services.class_session_update(
            actor=labour,
            training_class=setup.past,
            session=past_session,
            starts_at=moved,
            ends_at=moved + dt.timedelta(hours=4),
            hours=Decimal("4"),
        )
    assert "签到记录" in str(refused.value.message_dict["starts_at"])


def test_an_old_class_keeps_the_rule_of_its_time(world: World, setup: TrainingSetup) -> None:
    labour = actor(world, "labour")
    start = setup.past.starts_on
    assert start is not None
    # From tomorrow the 专项职业能力 figure is 1 200: the past class keeps 1 000.
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    services.rule_set(
        actor=labour,
        grade="special",
        amount=Decimal("1200"),
        unemployed_share=Decimal("1"),
        employed_share=Decimal("0.8"),
        valid_from=tomorrow,
        note="沪人社〔2026〕示例号",
    )
    assert services.rule_for(world.liangcheng.pk, "special", start).amount == Decimal("1000")
    assert services.rule_for(world.liangcheng.pk, "special", tomorrow).amount == Decimal("1200")
    # The registry's flag changed after enrolment: the share follows the enrolment's.
    Person.objects.filter(pk=setup.enrolment.person_id).update(is_job_seeker=False)
    claim = services.claim_create(actor=labour, external_certificate=setup.external)
    assert (claim.base_amount, claim.share, claim.amount) == (Decimal("1000"), Decimal("1.00"), Decimal("1000.00"))
    assert claim.person_status == "unemployed"
    # The version a claim was computed by no longer changes.
    with pytest.raises(Conflict, match="新标准"):
        services.rule_set(
            actor=labour,
            grade="special",
            amount=Decimal("900"),
            unemployed_share=Decimal("1"),
            employed_share=Decimal("0.8"),
            valid_from=claim.rule.valid_from,
        )
    assert SubsidyRule.objects.filter(subdistrict=world.liangcheng, grade="special").count() == 2


def test_enrolment_records_the_registry_status_of_the_day(world: World, setup: TrainingSetup) -> None:
    labour = actor(world, "labour")
    person = Person.objects.get(pk=make_job_seeker(world))
    enrolment, _created = services.enrol(actor=labour, training_class=setup.upcoming, person=person)
    assert enrolment.job_seeker_at_enrolment is True


def test_edit_pages(client: Client, world: World, setup: TrainingSetup) -> None:
    assert client.login(username="labour", password=PASSWORD)
    url = reverse("training:class_edit", args=[setup.upcoming.pk])
    assert client.get(url).status_code == 200
    r = client.post(url, {"name": "插花二班", "place": "理想学校", "capacity": "0", "offer_hours": "48"})
    assert r.status_code == 400 and "人数上限" in r.content.decode()
    # A refused deletion comes back to the edit page with its reason.
    r = client.post(reverse("training:course_delete", args=[setup.course.pk]), follow=True)
    assert r.redirect_chain[-1][0] == reverse("training:course_edit", args=[setup.course.pk])
    assert "不能删除" in r.content.decode()
    r = client.post(
        reverse("training:rules"),
        {"grade": "level5", "amount": "abc", "unemployed_share": "1", "employed_share": "2", "valid_from": ""},
    )
    assert r.status_code == 400
    assert SubsidyRule.objects.filter(subdistrict=world.liangcheng, grade="level5").count() == 1
