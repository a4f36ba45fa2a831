"""The training services: enrolment rules, waiting list, hours, completion,
certificates and subsidies."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from jiedao.activities.models import Session
from jiedao.core.errors import Conflict, Forbidden
from jiedao.core.models import AuditEntry
from jiedao.testing import World, build_world
from jiedao.training import services
from jiedao.training.models import Enrolment, HoursCorrection, SubsidyClaim, TrainingClass
from jiedao.training.tests.helpers import (
    TrainingSetup,
    actor,
    add_session,
    attend,
    build_training,
    make_job_seeker,
    pass_works,
    seat,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return build_world()


@pytest.fixture
def setup(world: World) -> TrainingSetup:
    return build_training(world)


def test_referral_applies_and_repeat(world: World, setup: TrainingSetup) -> None:
    labour = actor(world, "labour")
    person_id = make_job_seeker(world)
    person = setup.course.subdistrict.person_set.get(pk=person_id)
    e, created = services.enrol(actor=labour, training_class=setup.upcoming, person=person)
    assert created and e.status == Enrolment.Status.ENROLLED and e.source == Enrolment.Source.REFERRAL
    again, created = services.enrol(actor=labour, training_class=setup.upcoming, person=person)
    assert not created and again.pk == e.pk
    setup.upcoming.refresh_from_db()
    assert setup.upcoming.seats_taken == 1
    # The trainee is on the activity's list for the sign-in screens.
    assert setup.upcoming.activity.registrations.filter(person=person).exists()


def test_resident_applies_for_themselves_only(world: World, setup: TrainingSetup) -> None:
    e, created = services.enrol(
        actor=actor(world, "jobseeker"), training_class=setup.upcoming, person=world.people["jobseeker"]
    )
    assert created and e.source == Enrolment.Source.APPLICATION
    with pytest.raises(Forbidden):
        services.enrol(actor=actor(world, "jobseeker"), training_class=setup.upcoming, person=world.people["worker"])


def test_eligibility_is_checked_against_the_registry(world: World, setup: TrainingSetup) -> None:
    with pytest.raises(services.NotEligible):
        services.enrol(actor=actor(world, "worker"), training_class=setup.upcoming, person=world.people["worker"])
    with pytest.raises(Forbidden):  # another sub-district's resident
        services.enrol(
            actor=actor(world, "labour"), training_class=setup.upcoming, person=world.people["quyang_resident"]
        )


def test_a_class_under_way_takes_no_enrolment(world: World, setup: TrainingSetup) -> None:
    with pytest.raises(services.ClassClosed):
        services.enrol(actor=actor(world, "jobseeker"), training_class=setup.past, person=world.people["jobseeker"])


def test_full_class_refuses_or_waits_and_offers_a_freed_seat(world: World, setup: TrainingSetup) -> None:
    labour = actor(world, "labour")
    c = setup.upcoming
    people = [c.subdistrict.person_set.get(pk=make_job_seeker(world)) for _ in range(5)]
    enrolled = [services.enrol(actor=labour, training_class=c, person=p)[0] for p in people[:3]]
    with pytest.raises(services.ClassFull):
        services.enrol(actor=labour, training_class=c, person=people[3])
    first, _ = services.enrol(actor=labour, training_class=c, person=people[3], wait=True)
    second, _ = services.enrol(actor=labour, training_class=c, person=people[4], wait=True)
    assert first.status == second.status == Enrolment.Status.WAITING
    services.withdraw(actor=labour, enrolment=enrolled[0])
    first.refresh_from_db()
    assert first.status == Enrolment.Status.OFFERED and first.offer_expires_at is not None
    c.refresh_from_db()
    assert c.seats_taken == 3  # the seat passed on, not freed
    # The offer lapses: the seat goes to the next one waiting.
    assert services.expire_offers(now=first.offer_expires_at + dt.timedelta(seconds=1)) == 1
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Enrolment.Status.WITHDRAWN and second.status == Enrolment.Status.OFFERED
    services.accept_offer(actor=labour, enrolment=second)
    second.refresh_from_db()
    assert second.status == Enrolment.Status.ENROLLED
    c.refresh_from_db()
    assert c.seats_taken == 3


def test_hours_from_attendance_and_corrections(world: World, setup: TrainingSetup) -> None:
    labour = actor(world, "labour")
    c = setup.past
    person_id = make_job_seeker(world)
    e = seat(c, person_id)
    first, second = Session.objects.filter(activity_id=c.activity_id).order_by("starts_at")
    attend(first, person_id)
    attend(second, person_id, leave_early=True)  # 2 of 4 hours
    assert services.hours_attended(e) == Decimal("6.0")
    with pytest.raises(ValidationError):
        services.correct_hours(actor=labour, enrolment=e, session=second, hours=Decimal("4"), reason="")
    services.correct_hours(actor=labour, enrolment=e, session=second, hours=Decimal("4"), reason="医院证明，补课")
    assert services.hours_attended(e) == Decimal("8")
    entry = AuditEntry.objects.filter(object_type="training.hourscorrection").latest("id")
    assert entry.detail["reason"] == "医院证明，补课" and entry.detail["changes"]["hours"] == ["2.0", "4"]
    assert HoursCorrection.objects.count() == 1


def test_provider_of_another_school_may_not_correct(world: World, setup: TrainingSetup) -> None:
    with pytest.raises(Forbidden):
        services.correct_hours(
            actor=actor(world, "jiachun"),
            enrolment=setup.enrolment,
            session=Session.objects.filter(activity_id=setup.past.activity_id).first(),
            hours=Decimal("1"),
            reason="x",
        )


def test_completion_rule_hours_share_and_works(world: World, setup: TrainingSetup) -> None:
    labour = actor(world, "labour")
    c = setup.past
    short, no_works = make_job_seeker(world), make_job_seeker(world)
    e_short, e_no_works = seat(c, short), seat(c, no_works)
    sessions = list(Session.objects.filter(activity_id=c.activity_id).order_by("starts_at"))
    attend(sessions[0], short)  # missed the second session
    pass_works(e_short)
    for s in sessions:
        attend(s, no_works)
    counts = services.close_class(actor=labour, training_class=c)
    assert counts == {"completed": 1, "not_completed": 2}
    e_short.refresh_from_db()
    e_no_works.refresh_from_db()
    assert e_short.status == e_no_works.status == Enrolment.Status.NOT_COMPLETED
    with pytest.raises(Conflict):
        services.issue_certificate(actor=labour, enrolment=e_short)
    # A share of 0.5 lets the half-present trainee complete.
    type(setup.course).objects.filter(pk=setup.course.pk).update(completion_share=Decimal("0.5"))
    c.refresh_from_db()
    services.close_class(actor=labour, training_class=c)
    e_short.refresh_from_db()
    assert e_short.status == Enrolment.Status.COMPLETED and e_short.completed_on == c.ends_on


def test_certificate_once_then_revoked(world: World, setup: TrainingSetup) -> None:
    labour = actor(world, "labour")
    again, created = services.issue_certificate(actor=labour, enrolment=setup.enrolment)
    assert not created and again.pk == setup.certificate.pk
    assert setup.certificate.hours == Decimal("8") and setup.certificate.grade == "special"
    services.revoke_certificate(actor=actor(world, "lixiang"), certificate=setup.certificate, reason="材料不实")
    setup.certificate.refresh_from_db()
    assert not setup.certificate.is_valid and setup.certificate.revoke_reason == "材料不实"


def test_bulk_issue_is_one_zip(world: World, setup: TrainingSetup) -> None:
    import io
    import zipfile

    content, issued = services.issue_class_certificates(
        actor=actor(world, "lixiang"), training_class=setup.past, verify_url=lambda n: f"https://x/{n}"
    )
    assert issued == 0
    names = zipfile.ZipFile(io.BytesIO(content)).namelist()
    assert names == [f"{setup.certificate.number}-李建国.pdf"]


def test_subsidy_entitlement_and_claim_course(world: World, setup: TrainingSetup) -> None:
    labour = actor(world, "labour")
    claim = services.claim_create(actor=labour, external_certificate=setup.external)
    assert claim.person_status == SubsidyClaim.PersonStatus.UNEMPLOYED
    assert claim.amount == Decimal("1000.00") and claim.base_amount == Decimal("1000.00")
    with pytest.raises(Conflict):
        services.claim_create(actor=labour, external_certificate=setup.external)
    with pytest.raises(Conflict):
        services.claim_decide(actor=labour, claim=claim, decision="pay")
    services.claim_decide(actor=labour, claim=claim, decision="review")
    services.claim_decide(actor=labour, claim=claim, decision="pay")
    claim.refresh_from_db()
    assert claim.status == SubsidyClaim.Status.PAID and claim.paid_on == timezone.localdate()
    with pytest.raises(Forbidden):
        services.claim_decide(actor=actor(world, "lixiang"), claim=claim, decision="reject", reason="x")
    lines = services.ledger(SubsidyClaim.objects.all(), timezone.localdate().year)
    assert [(line.provider, line.paid, line.claims) for line in lines] == [
        ("上海理想职业技能培训学校", Decimal("1000.00"), 1)
    ]


def test_employed_share_is_eighty_percent(world: World, setup: TrainingSetup) -> None:
    labour = actor(world, "labour")
    setup.external.grade = "level4"
    setup.external.save()
    claim = services.claim_create(
        actor=labour, external_certificate=setup.external, person_status=SubsidyClaim.PersonStatus.EMPLOYED
    )
    assert claim.amount == Decimal("1600.00")


def test_reject_needs_a_reason(world: World, setup: TrainingSetup) -> None:
    labour = actor(world, "labour")
    claim = services.claim_create(actor=labour, external_certificate=setup.external)
    with pytest.raises(ValidationError):
        services.claim_decide(actor=labour, claim=claim, decision="reject")
    services.claim_decide(actor=labour, claim=claim, decision="reject", reason="证书查询不到")
    claim.refresh_from_db()
    assert claim.status == SubsidyClaim.Status.REJECTED


def test_session_dates_follow_sessions(world: World, setup: TrainingSetup) -> None:
    c = setup.upcoming
    later = timezone.localtime().replace(hour=9, minute=0) + dt.timedelta(days=20)  # ends the same day
    add_session(c, actor(world, "lixiang"), later)
    c.refresh_from_db()
    assert c.ends_on == timezone.localtime(later).date()
    starts_on = TrainingClass.objects.get(pk=c.pk).starts_on
    assert starts_on is not None and starts_on < c.ends_on
