"""Demo data of employment services: a 求职登记 for each job seeker of the registry
(``Person.is_job_seeker``; 李建国 among them), guidance sessions and referrals for some
of them, the follow-ups of the 2020 干花艺术插花 class (``load_follow_ups``), and the
placements: hired job seekers outside any class closed as "found work" (``load_placements``).

Idempotent: one registration per person (looked up by person); guidance and referrals
are added only to the registrations made in the same run; follow-up rows are scheduled once per
(enrolment, offset), and their outcomes recorded only for a class with none recorded.
"""

import datetime as dt

from jiedao.accounts.actor import actor_for
from jiedao.demo.loader import DemoContext, demo_step
from jiedao.employment.models import (
    Availability,
    Education,
    FollowUp,
    GuidanceSession,
    JobReferral,
    JobSeeker,
    with_due_on,
)
from jiedao.employment.services import record_referral_outcome
from jiedao.employment.services.follow_ups import schedule_follow_ups
from jiedao.people.models import Person
from jiedao.training.models import Enrolment, TrainingClass

# The training app's demo step (the 2020 干花艺术插花 class and its trainees).
TRAINING_STEP = "training"
COURSE = "干花艺术插花"

REGISTERED_FROM = dt.date(2020, 3, 2)
EDUCATIONS = (Education.JUNIOR, Education.SENIOR, Education.SENIOR, Education.COLLEGE, Education.BACHELOR)
AVAILABILITY = (Availability.FULL_TIME, Availability.FULL_TIME, Availability.PART_TIME, Availability.FLEXIBLE)
SKILLS = ("干花艺术插花", "家政服务", "养老护理", "中式烹调", "电子商务", "西式面点")
WORK = ("花店店员", "社区保洁", "养老护理员", "餐饮服务", "网店客服", "仓储物流")
ADVISERS = ("周敏", "陆佳")
TOPICS = (
    ("求职意向分析", "建议参加街道组织的干花艺术插花专项职业能力培训。"),
    ("简历与面试指导", "已帮助修改简历，下周参加招聘会。"),
    ("就业政策咨询", "介绍灵活就业社保补贴的申请条件。"),
)
# (employer unit name or free text, position, outcome, days from referral to outcome)
REFERRALS = (
    ("上海嘉春装饰设计工程有限公司", "软装助理", JobReferral.Outcome.HIRED, 12),
    ("凉城花艺工作室", "花艺师助理", JobReferral.Outcome.INTERVIEWED, 5),
    ("上海共志通信信息技术发展有限公司", "客服专员", JobReferral.Outcome.NOT_HIRED, 9),
    ("广中路菜场", "理货员", JobReferral.Outcome.PENDING, 0),
)


def _registration_values(i: int) -> dict[str, object]:
    registered_on = REGISTERED_FROM + dt.timedelta(days=(i * 7) % 240)
    unemployed = i % 3 != 2
    return {
        "registered_on": registered_on,
        "is_registered_unemployed": unemployed,
        "unemployed_since": registered_on - dt.timedelta(days=14 + i % 30) if unemployed else None,
        "education": EDUCATIONS[i % len(EDUCATIONS)],
        "skills_wanted": SKILLS[i % len(SKILLS)],
        "desired_work": WORK[i % len(WORK)],
        "availability": AVAILABILITY[i % len(AVAILABILITY)],
    }


@demo_step("employment", after=("accounts",))
def load_job_seekers(ctx: DemoContext) -> None:
    people = Person.objects.filter(subdistrict=ctx.subdistrict, is_job_seeker=True).order_by("id")
    registered = set(JobSeeker.objects.filter(subdistrict=ctx.subdistrict).values_list("person_id", flat=True))
    new = [
        JobSeeker(subdistrict=ctx.subdistrict, person=person, **_registration_values(i))
        for i, person in enumerate(people)
        if person.pk not in registered
    ]
    JobSeeker.objects.bulk_create(new)
    ctx.count(JobSeeker, len(new))
    units = {u.name: u for u in ctx.units.values()}
    # Guidance and referrals for the registrations made now only (so a second run adds none).
    seekers = list(
        JobSeeker.objects.filter(subdistrict=ctx.subdistrict, person_id__in=[s.person_id for s in new]).order_by(
            "person_id"
        )
    )
    persona = ctx.people.get("jobseeker")
    # 李建国 first, then every third registration: guidance, and for some a referral.
    chosen = [s for s in seekers if persona is not None and s.person_id == persona.pk]
    chosen += [s for i, s in enumerate(seekers) if i % 3 == 0 and s not in chosen]
    for i, seeker in enumerate(chosen):
        topic, advice = TOPICS[i % len(TOPICS)]
        held_on = seeker.registered_on + dt.timedelta(days=7)
        GuidanceSession.objects.create(
            subdistrict=ctx.subdistrict,
            job_seeker=seeker,
            held_on=held_on,
            adviser=ADVISERS[i % len(ADVISERS)],
            topic=topic,
            advice=advice,
        )
        ctx.count(GuidanceSession)
        if i % 2:
            continue
        employer, position, outcome, days = REFERRALS[(i // 2) % len(REFERRALS)]
        unit = units.get(employer)
        referred_on = held_on + dt.timedelta(days=3)
        JobReferral.objects.create(
            subdistrict=ctx.subdistrict,
            job_seeker=seeker,
            referred_on=referred_on,
            employer=unit,
            employer_name="" if unit else employer,
            position=position,
            outcome=outcome,
            outcome_on=referred_on + dt.timedelta(days=days) if outcome != JobReferral.Outcome.PENDING else None,
        )
        ctx.count(JobReferral)


# What the labour office found, by offset: one outcome per trainee in turn, "" for a
# follow-up not done yet (it stays on the due list, unknown — never "not employed").
FOUND: dict[int, tuple[str, ...]] = {
    30: ("employed", "not_employed", "further_training", "employed", "self_employed", "not_employed", "unreachable"),
    90: ("employed", "employed", "not_employed", "self_employed", "", "employed", "unreachable", ""),
    180: ("employed", "", "self_employed", "employed", "", "not_employed", "", ""),
}
EMPLOYERS = (
    "上海嘉春装饰设计工程有限公司",
    "凉城花艺工作室",
    "上海共志通信信息技术发展有限公司",
    "虹口区花鸟市场某花店",
)
CONTRACTS = (FollowUp.Contract.FIXED_TERM, FollowUp.Contract.PART_TIME, FollowUp.Contract.OPEN_ENDED)


def _found(ctx: DemoContext, follow_up: FollowUp, i: int, outcome: str, ended: dt.date) -> None:
    follow_up.outcome = outcome
    follow_up.followed_up_on = follow_up.due_on + dt.timedelta(days=i % 5)  # type: ignore[attr-defined]
    if outcome == FollowUp.Outcome.EMPLOYED:
        name = EMPLOYERS[i % len(EMPLOYERS)]
        unit = next((u for u in ctx.units.values() if u.name == name), None)
        follow_up.employer = unit
        follow_up.employer_name = "" if unit else name
        follow_up.employed_since = ended + dt.timedelta(days=10 + i % 20)
        follow_up.contract = CONTRACTS[i % len(CONTRACTS)]
    follow_up.note = "电话随访" if outcome != FollowUp.Outcome.UNREACHABLE else "电话三次未接通"


@demo_step("employment_follow_ups", after=(TRAINING_STEP, "employment"))
def load_follow_ups(ctx: DemoContext) -> None:
    """The follow-ups of the 2020 干花艺术插花 class: scheduled for every trainee, some
    done (employed, self-employed, further training, not employed, unreachable), the
    rest due. Recorded once: a class with any follow-up done is left as it is."""
    klass = (
        TrainingClass.objects.filter(subdistrict=ctx.subdistrict, course__name=COURSE, ends_on__year=2020)
        .order_by("ends_on")
        .first()
    )
    if klass is None or klass.ends_on is None:
        ctx.warnings.append("employment: no 2020 干花艺术插花 class, no follow-ups")
        return
    made = schedule_follow_ups(subdistrict_id=ctx.subdistrict.pk)
    ctx.count(FollowUp, made)
    rows = with_due_on(FollowUp.objects.filter(enrolment__training_class=klass))
    if rows.exclude(outcome=FollowUp.Outcome.UNKNOWN).exists():
        return
    changed = []
    for days, found in FOUND.items():
        for i, follow_up in enumerate(rows.filter(offset_days=days).order_by("enrolment_id")):
            outcome = found[i % len(found)]
            if outcome:
                _found(ctx, follow_up, i, outcome, klass.ends_on)
                changed.append(follow_up)
    fields = ["outcome", "followed_up_on", "employer", "employer_name", "employed_since", "contract", "note"]
    FollowUp.objects.bulk_update(changed, fields, batch_size=200)


@demo_step("employment_placements", after=("employment_follow_ups",))
def load_placements(ctx: DemoContext) -> None:
    """Placements: a job seeker hired through a referral has their registration closed
    as "found work" (and their job-seeker flag cleared) through the service — only those
    in no class, so the training demo keeps its trainees. Once: a closed registration
    is left as it is."""
    user = ctx.users.get("labour")
    if user is None:
        ctx.warnings.append("employment: no labour-office login, no placements")
        return
    actor = actor_for(user)
    persona = ctx.people.get("jobseeker")
    hired = (
        JobReferral.objects.filter(
            subdistrict=ctx.subdistrict, outcome=JobReferral.Outcome.HIRED, job_seeker__closed_on__isnull=True
        )
        .exclude(job_seeker__person__in=Enrolment.objects.values("person"))
        .exclude(job_seeker__person=persona)
        .order_by("id")
    )
    for referral in hired:
        record_referral_outcome(
            actor=actor,
            referral=referral,
            outcome=referral.outcome,
            outcome_on=referral.outcome_on,
            note=referral.note,
            close_registration=True,
        )
