"""Demo of vocational training, from the 2020 newsletter: the labour office and
上海理想职业技能培训学校 ran 4 sessions of 干花艺术插花 (a 专项职业能力 course) for 45
job seekers; after the prescribed hours each made four works (干花密封罐, 干花花环,
干花桌面花盆, 干花花树). Here: the class with its attendance (a few missed a session
and did not complete), the four works per trainee with placeholder photos drawn at
load time, completion certificates, recorded authority certificates and subsidy
claims at every status; and a second class starting two weeks after the load day,
open for enrolment.

Invented for the demo: the licence number and contact, the dates and times, who
missed a session, the certificate numbers and the claims. Idempotent: the 2020 class
is built once (found by name), the upcoming class likewise.
"""

import datetime as dt
import io
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from PIL import Image, ImageDraw

from jiedao.accounts.actor import Actor, actor_for
from jiedao.activities.models import Attendance, Registration
from jiedao.demo import data
from jiedao.demo.loader import DemoContext, demo_step
from jiedao.people.models import Person
from jiedao.training import services
from jiedao.training.models import (
    CompletionCertificate,
    Course,
    Enrolment,
    ExternalCertificate,
    Provider,
    SubsidyClaim,
    TrainingClass,
    Work,
)

COURSE = "干花艺术插花"
WORKS = ("干花密封罐", "干花花环", "干花桌面花盆", "干花花树")
CLASS_2020 = "干花艺术插花专项职业能力培训班（2020年）"
CLASS_NEXT = "干花艺术插花专项职业能力培训班（第二期）"
PLACE = "上海理想职业技能培训学校 三楼实训室"
SESSIONS_2020 = (dt.date(2020, 9, 8), dt.date(2020, 9, 10), dt.date(2020, 9, 15), dt.date(2020, 9, 17))
HOURS = Decimal("4")
TRAINEES = 45
MISSED = 4  # trainees who missed one session and did not complete
# Placeholder photos: one small picture per work, (background, flower colours).
PALETTE = {
    "干花密封罐": ((236, 228, 214), (186, 85, 98)),
    "干花花环": ((226, 232, 218), (204, 142, 53)),
    "干花桌面花盆": ((230, 224, 236), (120, 84, 160)),
    "干花花树": ((222, 230, 234), (86, 128, 92)),
}


def _photo(work: str) -> tuple[str, str]:
    """The placeholder photo and thumbnail of ``work`` (drawn once per storage)."""
    stem = f"training/demo/{WORKS.index(work) + 1}"
    names = (f"{stem}.jpg", f"{stem}-thumb.jpg")
    if all(default_storage.exists(n) for n in names):
        return names
    background, colour = PALETTE[work]
    picture = Image.new("RGB", (320, 240), background)
    draw = ImageDraw.Draw(picture)
    draw.rectangle((130, 150, 190, 225), fill=(150, 110, 70))
    for i, (x, y) in enumerate(((160, 80), (120, 110), (200, 110), (140, 60), (180, 60), (160, 125))):
        draw.ellipse((x - 24, y - 24, x + 24, y + 24), fill=tuple(max(0, c - 18 * (i % 3)) for c in colour))
    for name, size in zip(names, ((320, 240), (160, 120)), strict=True):
        out = io.BytesIO()
        picture.resize(size).save(out, format="JPEG", quality=70)
        if default_storage.exists(name):
            default_storage.delete(name)
        default_storage.save(name, ContentFile(out.getvalue()))
    return names


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


@demo_step("training", after=("accounts",))
def load_training(ctx: DemoContext) -> None:
    school = ctx.units.get(data.SCHOOL)
    labour_user = ctx.users.get("labour")
    if school is None or labour_user is None:
        ctx.warnings.append("training: no school or labour login, no training demo")
        return
    labour = actor_for(labour_user)
    provider = Provider.objects.filter(unit=school).first()
    if provider is None:
        provider = services.provider_create(
            actor=labour,
            unit=school,
            licence_number="沪人社民证3101090001号",
            contact_name="王老师",
            contact_phone="021-65551234",
        )
        ctx.count(provider)
    course = Course.objects.filter(subdistrict=ctx.subdistrict, name=COURSE).first()
    if course is None:
        course = services.course_create(
            actor=labour,
            name=COURSE,
            grade="special",
            prescribed_hours=HOURS * len(SESSIONS_2020),
            capacity=TRAINEES,
            required_works=list(WORKS),
            description="专项职业能力培训：干花的选材、干燥与造型，完成干花密封罐、干花花环、干花桌面花盆、干花花树四件作品。"
            # From the newsletter: what the course teaches and the level it reaches.
            "培训内容包括插花礼仪、各地用花习俗、插花色彩美学常用搭配、干燥花制作、保养方法、花束造型设计理念与"
            "创作方法等基本知识，完成规定课时后达到相当于初级职业技能资格证书水平。",
        )
        ctx.count(course)
    if not TrainingClass.objects.filter(subdistrict=ctx.subdistrict, name=CLASS_2020).exists():
        _class_2020(ctx, labour, course, provider)
    if not TrainingClass.objects.filter(subdistrict=ctx.subdistrict, name=CLASS_NEXT).exists():
        upcoming = services.class_create(
            actor=labour, course=course, provider=provider, name=CLASS_NEXT, place=PLACE, capacity=30
        )
        first = timezone.localdate() + dt.timedelta(days=14)
        for offset in (0, 2, 7, 9):
            day = first + dt.timedelta(days=offset)
            services.class_session_create(
                actor=labour, training_class=upcoming, starts_at=_at(day, 13), ends_at=_at(day, 17), hours=HOURS
            )
        ctx.count(upcoming)


def _class_2020(ctx: DemoContext, labour: Actor, course: Course, provider: Provider) -> None:
    actor = labour  # an Actor
    c = services.class_create(actor=actor, course=course, provider=provider, name=CLASS_2020, place=PLACE)
    sessions = [
        services.class_session_create(
            actor=actor,
            training_class=c,
            starts_at=_at(day, 13),
            ends_at=_at(day, 17),
            hours=HOURS,
        )
        for day in SESSIONS_2020
    ]
    jobseeker = ctx.people.get("jobseeker")
    others = Person.objects.filter(subdistrict=ctx.subdistrict, is_job_seeker=True)
    if jobseeker is not None:
        others = others.exclude(pk=jobseeker.pk)
    trainees = ([jobseeker] if jobseeker is not None else []) + list(others.order_by("id")[: TRAINEES - 1])
    if len(trainees) < TRAINEES:
        ctx.warnings.append(f"training: only {len(trainees)} job seekers in the registry for the 2020 class")
    referred = _at(dt.date(2020, 8, 20), 10)
    enrolments = Enrolment.objects.bulk_create(
        Enrolment(
            subdistrict=ctx.subdistrict,
            training_class=c,
            person=p,
            status=Enrolment.Status.ENROLLED,
            source=Enrolment.Source.REFERRAL if i % 3 else Enrolment.Source.APPLICATION,
            job_seeker_at_enrolment=p.is_job_seeker,
            created_at=referred,
        )
        for i, p in enumerate(trainees)
    )
    ctx.count(Enrolment, len(enrolments))
    TrainingClass.objects.filter(pk=c.pk).update(seats_taken=len(enrolments), enrolment_open=False)
    Registration.objects.bulk_create(
        Registration(
            subdistrict=ctx.subdistrict, activity_id=c.activity_id, person=p, status=Registration.Status.CONFIRMED
        )
        for p in trainees
    )
    # The last few trainees each missed one session (a different one each).
    missed = {trainees[-1 - k].pk: sessions[k % len(sessions)].pk for k in range(min(MISSED, len(trainees) - 1))}
    attendances = []
    for i, p in enumerate(trainees):
        for s in sessions:
            if missed.get(p.pk) == s.pk:
                continue
            late = dt.timedelta(minutes=(i * 7 + s.pk) % 12)
            attendances.append(
                Attendance(
                    subdistrict=ctx.subdistrict,
                    session=s,
                    person=p,
                    method=Attendance.Method.QR,
                    signed_in_at=s.starts_at - dt.timedelta(minutes=10) + late,
                    signed_out_at=s.ends_at + dt.timedelta(minutes=(i % 5)),
                )
            )
    Attendance.objects.bulk_create(attendances)
    ctx.count(Attendance, len(attendances))
    photos = {w.pk: _photo(w.name) for w in course.required_works.all()}
    marked = _at(SESSIONS_2020[-1], 17)
    works = [
        Work(
            subdistrict=ctx.subdistrict,
            enrolment=e,
            required_work_id=work_id,
            photo=photo,
            thumbnail=thumb,
            mark=Work.Mark.PASSED,
            comment="造型完整，配色协调" if (e.pk + work_id) % 4 == 0 else "",
            marked_at=marked,
        )
        for e in enrolments
        for work_id, (photo, thumb) in photos.items()
    ]
    Work.objects.bulk_create(works)
    ctx.count(Work, len(works))
    c.refresh_from_db()
    services.close_class(actor=actor, training_class=c)
    completed = list(
        Enrolment.objects.filter(training_class=c, status=Enrolment.Status.COMPLETED)
        .select_related("training_class__course", "person")
        .order_by("id")
    )
    for e in completed:
        services.issue_certificate(actor=actor, enrolment=e)
    CompletionCertificate.objects.filter(enrolment__training_class=c).update(issued_on=dt.date(2020, 9, 24))
    ctx.count(CompletionCertificate, len(completed))
    _claims(ctx, actor, completed)


def _claims(ctx: DemoContext, actor: Actor, completed: list[Enrolment]) -> None:
    """The authority's 专项职业能力 certificates of most trainees, and their subsidy
    claims: paid, reviewed, applied and rejected."""
    plan = ["pay"] * 12 + ["review"] * 8 + ["apply"] * 8 + ["reject"] * 2
    for i, (e, decision) in enumerate(zip(completed, plan, strict=False)):
        external = services.record_external_certificate(
            actor=actor,
            enrolment=e,
            grade="special",
            number=f"ZXNL2020{31010900 + i:08d}",
            issued_on=dt.date(2020, 10, 20),
            issuer="上海市职业技能鉴定中心",
        )
        ctx.count(ExternalCertificate)
        claim = services.claim_create(actor=actor, external_certificate=external, applied_on=dt.date(2020, 11, 2))
        ctx.count(SubsidyClaim)
        if decision in ("review", "pay"):
            services.claim_decide(actor=actor, claim=claim, decision="review", on=dt.date(2020, 11, 16))
        if decision == "pay":
            services.claim_decide(actor=actor, claim=claim, decision="pay", on=dt.date(2020, 12, 8))
        if decision == "reject":
            services.claim_decide(
                actor=actor,
                claim=claim,
                decision="reject",
                reason="证书信息在人社部门系统中查询不到，请核实后重新申请",
                on=dt.date(2020, 11, 16),
            )
