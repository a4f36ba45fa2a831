"""The employment side of the test world: 李建国 (``jobseeker``) registered, with one
guidance session and one referral to 嘉春 (built once per world, ``seeker_of``)."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from jiedao.activities.models import Activity
from jiedao.employment.models import Availability, Education, GuidanceSession, JobReferral, JobSeeker
from jiedao.org.models import Unit
from jiedao.people.models import Person
from jiedao.testing import World, make_person
from jiedao.training.models import CompletionCertificate, Course, Enrolment, Grade, Provider, TrainingClass

REGISTERED_ON = dt.date(2020, 9, 1)


@dataclass
class SeekerSetup:
    seeker: JobSeeker
    guidance: GuidanceSession
    referral: JobReferral


def seeker_of(w: World) -> SeekerSetup:
    found = w.extras.get("employment")
    if isinstance(found, SeekerSetup):
        return found
    seeker = JobSeeker.objects.create(
        subdistrict=w.liangcheng,
        person=w.people["jobseeker"],
        registered_on=REGISTERED_ON,
        is_registered_unemployed=True,
        unemployed_since=dt.date(2020, 8, 15),
        education=Education.SENIOR,
        skills_wanted="插花",
        desired_work="花店店员",
        availability=Availability.FULL_TIME,
    )
    guidance = GuidanceSession.objects.create(
        subdistrict=w.liangcheng, job_seeker=seeker, held_on=dt.date(2020, 9, 8), adviser="周敏", topic="求职简历与面试"
    )
    referral = JobReferral.objects.create(
        subdistrict=w.liangcheng,
        job_seeker=seeker,
        referred_on=dt.date(2020, 9, 10),
        employer=w.jiachun,
        position="软装助理",
    )
    setup = SeekerSetup(seeker, guidance, referral)
    w.extras["employment"] = setup
    return setup


CLASS_ENDED = dt.date(2020, 10, 30)


def make_class(
    w: World, *, course_name: str = "干花艺术插花", ends_on: dt.date = CLASS_ENDED, school: Unit | None = None
) -> TrainingClass:
    """A class of ``course_name`` at 上海理想职业技能培训学校 (or ``school``) ending on ``ends_on``."""
    unit = school or w.school
    provider = Provider.objects.filter(unit=unit).first() or Provider.objects.create(
        subdistrict=w.liangcheng, unit=unit, licence_number=f"教民{unit.pk:010d}"
    )
    course = Course.objects.filter(subdistrict=w.liangcheng, name=course_name).first() or Course.objects.create(
        subdistrict=w.liangcheng, name=course_name, grade=Grade.SPECIAL, prescribed_hours=Decimal("16")
    )
    activity = Activity.objects.create(
        subdistrict=w.liangcheng, kind=Activity.Kind.CLASS, title=course_name, organiser=unit, sign_out_enabled=True
    )
    return TrainingClass.objects.create(
        subdistrict=w.liangcheng,
        course=course,
        provider=provider,
        activity=activity,
        name=f"{ends_on.year}年{course_name}班",
        place="凉城新村街道党群服务中心",
        capacity=200,
        starts_on=ends_on - dt.timedelta(days=21),
        ends_on=ends_on,
    )


def enrol(
    w: World, training_class: TrainingClass, person: Person, *, completed: bool = True, certified: bool = False
) -> Enrolment:
    enrolment = Enrolment.objects.create(
        subdistrict=w.liangcheng,
        person=person,
        training_class=training_class,
        status=Enrolment.Status.COMPLETED if completed else Enrolment.Status.NOT_COMPLETED,
        source=Enrolment.Source.REFERRAL,
        completed_on=training_class.ends_on if completed else None,
    )
    if certified:
        CompletionCertificate.objects.create(
            subdistrict=w.liangcheng,
            enrolment=enrolment,
            number=f"JD{enrolment.pk:08d}",
            hours=Decimal("16"),
            grade=Grade.SPECIAL,
            issued_on=training_class.ends_on or CLASS_ENDED,
        )
    return enrolment


NAME_PARTS = ("甲乙丙丁戊己庚辛壬癸", "子丑寅卯辰巳午未申酉戌亥")


def trainee_name(i: int) -> str:
    """A distinct name without digits (test names contain none)."""
    first, second = NAME_PARTS
    return f"学员{first[i % 10]}{second[i // 10 % 12]}{first[i // 120 % 10]}"


def trainees(w: World, n: int, training_class: TrainingClass, **options: bool) -> list[Enrolment]:
    people = [make_person(w.liangcheng, trainee_name(i), area=w.zhonghong) for i in range(n)]
    return [enrol(w, training_class, person, **options) for person in people]
