"""A training set-up on the shared test world: the school as a provider, a course
with two required works, a finished class (the job seeker completed it and holds a
certificate and a recorded authority certificate) and an upcoming class taking
enrolments."""

import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import F
from django.utils import timezone
from PIL import Image

from jiedao.accounts.actor import Actor, actor_for
from jiedao.activities.models import Attendance, Session
from jiedao.testing import World, make_person, numbered
from jiedao.training import services
from jiedao.training.models import (
    CompletionCertificate,
    Course,
    Enrolment,
    ExternalCertificate,
    Provider,
    TrainingClass,
    Work,
)


@dataclass
class TrainingSetup:
    provider: Provider
    course: Course
    past: TrainingClass
    upcoming: TrainingClass
    enrolment: Enrolment  # the job seeker's, in the past class, completed
    certificate: CompletionCertificate
    external: ExternalCertificate


def actor(world: World, key: str) -> Actor:
    return actor_for(world.users[key])


def add_session(c: TrainingClass, labour: Actor, start: dt.datetime, hours: str = "4") -> Session:
    return services.class_session_create(
        actor=labour,
        training_class=c,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=int(Decimal(hours))),
        hours=Decimal(hours),
    )


def attend(session: Session, person_id: int, *, leave_early: bool = False) -> Attendance:
    out = session.ends_at - (dt.timedelta(hours=2) if leave_early else dt.timedelta(0))
    return Attendance.objects.create(
        subdistrict_id=session.subdistrict_id,
        session=session,
        person_id=person_id,
        method=Attendance.Method.QR,
        signed_in_at=session.starts_at,
        signed_out_at=out,
    )


def seat(c: TrainingClass, person_id: int) -> Enrolment:
    """An enrolment made directly (a class already under way takes no new ones)."""
    e = Enrolment.objects.create(
        subdistrict_id=c.subdistrict_id,
        training_class=c,
        person_id=person_id,
        status=Enrolment.Status.ENROLLED,
        source=Enrolment.Source.REFERRAL,
        job_seeker_at_enrolment=True,
    )
    TrainingClass.objects.filter(pk=c.pk).update(seats_taken=F("seats_taken") + 1)
    c.refresh_from_db()
    return e


def pass_works(enrolment: Enrolment) -> None:
    for work in enrolment.training_class.course.required_works.all():
        Work.objects.create(
            subdistrict_id=enrolment.subdistrict_id, enrolment=enrolment, required_work=work, mark=Work.Mark.PASSED
        )


def jpeg_upload(name: str = "work.jpg", exif: bytes = b"") -> SimpleUploadedFile:
    """A small JPEG as a phone would upload it (optionally with an EXIF block)."""
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 120, 80)).save(buffer, format="JPEG", exif=exif)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def build_training(world: World) -> TrainingSetup:
    labour = actor(world, "labour")
    provider = services.provider_create(actor=labour, unit=world.school, licence_number="沪人社民证001号")
    course = services.course_create(
        actor=labour,
        name="干花艺术插花",
        grade="special",
        prescribed_hours=Decimal("8"),
        capacity=3,
        required_works=["干花密封罐", "干花花环"],
    )
    # Sessions at 09:00 local time: one started late in the evening would end after
    # midnight, and the class's dates (from its sessions' days) would depend on the hour.
    now = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0)
    past = services.class_create(actor=labour, course=course, provider=provider, name="插花一班", place="理想学校")
    for days in (10, 9):
        add_session(past, labour, now - dt.timedelta(days=days))
    upcoming = services.class_create(actor=labour, course=course, provider=provider, name="插花二班", place="理想学校")
    add_session(upcoming, labour, now + dt.timedelta(days=10))
    add_session(upcoming, labour, now + dt.timedelta(days=11))
    jobseeker = world.people["jobseeker"]
    enrolment = seat(past, jobseeker.pk)
    for session in Session.objects.filter(activity_id=past.activity_id):
        attend(session, jobseeker.pk)
    pass_works(enrolment)
    first = course.required_works.order_by("position").first()
    services.record_work(
        actor=labour, enrolment=enrolment, required_work=first, photo=jpeg_upload(), mark=Work.Mark.PASSED
    )
    past.refresh_from_db()
    services.close_class(actor=labour, training_class=past)
    enrolment.refresh_from_db()
    certificate, _ = services.issue_certificate(actor=labour, enrolment=enrolment)
    external = services.record_external_certificate(
        actor=labour, enrolment=enrolment, grade="special", number="ZX2020-0001", issued_on=timezone.localdate()
    )
    return TrainingSetup(provider, course, past, upcoming, enrolment, certificate, external)


def training_of(world: World) -> TrainingSetup:
    """``build_training`` once per world (the access-matrix rows call it per persona)."""
    built = world.extras.get("training")
    if not isinstance(built, TrainingSetup):
        built = build_training(world)
        world.extras["training"] = built
    return built


_counter = iter(range(1, 10**6))


def make_job_seeker(world: World, prefix: str = "求职者") -> int:
    """A new job seeker of 中虹 (its id)."""
    return make_person(
        world.liangcheng, numbered(prefix, next(_counter)), area=world.zhonghong, roles={"is_job_seeker"}
    ).pk
