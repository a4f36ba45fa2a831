"""Demo of claiming public-service work (认领公益服务) at the party-mass service centre.

Real (from the newsletter): the 凝新 studio's 主题党日 (2020-09-25), at which every
attending 三新 party member claimed a public-service task. Invented: the catalogue
(tasks, places, contacts, hours), every shift, who claimed what, the hours, the
residents' needs, the certificate's person in charge and handler.

Every 三新 member who signed in at the theme day (the party demo's activity
“学‘四史’、践初心、党员先锋行动”主题党日, found through ``activities`` by its title)
claimed there a shift of October–December 2020, served it with QR sign-in and
sign-out, and has verified hours: their 三个一 "认领一项公益服务" is done. Other 三新
members of 秀苑 and 中虹 claimed later: some reported hours still waiting for the
centre, some have not served yet. 孙浩然 (``sanxin``) holds a claim of an upcoming
shift, not yet served, and no verified hours: his 三个一 shows that step missing.
Upcoming shifts lie in the 30 days after the load day, some with one or two places
left. Without the party demo's theme day (a sub-district loaded without it) the 三新
members chosen as the party demo chooses its newcomers stand in for its attendance.

Idempotent: the catalogue is made once — a sub-district that has tasks gets no more.
"""

import datetime as dt
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone

from jiedao.accounts.actor import actor_for
from jiedao.activities.models import Activity, Attendance, AttendeeCategory, Session
from jiedao.demo.loader import DemoContext, demo_step
from jiedao.people.models import Person
from jiedao.volunteering import services
from jiedao.volunteering.models import (
    Claim,
    Need,
    ProgrammeSettings,
    ServiceRecord,
    Shift,
    Task,
    Volunteer,
)

CENTRE = "党群服务中心"
ZONE = timezone.get_fixed_timezone(8 * 60)
THEME_DAY = dt.datetime(2020, 9, 25, 11, 30, tzinfo=ZONE)
# The party demo's theme day lecture (``jiedao/party/demo_steps.py``), from the newsletter.
THEME_DAY_TITLE = "“学‘四史’、践初心、党员先锋行动”主题党日"
LATER_CLAIM = dt.datetime(2020, 10, 20, 10, tzinfo=ZONE)
NEWCOMERS = 24
OTHERS = 12
# (title, description, area, place, skills, contact, hours, start hour, length in hours)
TASKS = (
    (
        "社区助老陪伴",
        "陪伴独居老人聊天、读报，协助整理居室。",
        "秀苑",
        "秀苑居民区党群服务站",
        "耐心细致",
        "秀苑居委会 周老师 021-65501101",
        "2",
        9,
        2,
    ),
    (
        "垃圾分类定时定点指导",
        "在投放点引导居民分类投放、破袋投放。",
        "中虹",
        "中虹小区垃圾箱房",
        "",
        "中虹居委会 陆老师 021-65501202",
        "1.5",
        7,
        2,
    ),
    (
        "党群服务中心志愿讲解",
        "为来访群众和新转入党员讲解社区党建展陈。",
        "",
        "凉城新村街道社区党群服务中心",
        "普通话标准",
        "党群服务中心 021-65550000",
        "3",
        13,
        3,
    ),
    (
        "独居老人助餐送餐",
        "为独居高龄老人从社区食堂送餐上门。",
        "秀苑",
        "秀苑社区长者食堂",
        "",
        "秀苑居委会 周老师 021-65501101",
        "1",
        11,
        1,
    ),
    (
        "社区疫情防控值守",
        "小区出入口值守，协助测温、扫码登记。",
        "中虹",
        "中虹小区东门",
        "",
        "中虹居委会 陆老师 021-65501202",
        "2",
        8,
        3,
    ),
)
NEEDS = (
    ("秀苑", "独居老人助餐送餐", "十余位高龄独居老人行动不便，希望有人把午餐从长者食堂送上门。"),
    ("中虹", "楼道堆物清理", "部分楼道堆放杂物，存在消防隐患，需要志愿者协助清理、劝导。"),
    ("秀苑", "老人智能手机使用辅导", "老人不会用健康码和线上挂号，希望有人手把手教。"),
)
# Past shifts: (task index, date) in autumn 2020, after the theme day.
PAST = [(t, dt.date(2020, 10, 10) + dt.timedelta(days=7 * w + t)) for w in range(8) for t in range(len(TASKS))]
# Upcoming shifts: (task index, days after the load day, places, places left).
UPCOMING = (
    (0, 3, 4, 1),
    (1, 4, 6, 3),
    (2, 6, 5, 2),
    (3, 8, 3, 1),
    (4, 10, 8, 5),
    (0, 17, 4, 4),
    (1, 18, 6, 2),
    (2, 20, 5, 5),
    (3, 22, 3, 3),
    (4, 24, 8, 6),
    (0, 27, 4, 4),
    (2, 29, 5, 5),
)


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=ZONE)


def _shift(ctx: DemoContext, task: Task, start: dt.datetime, length: int, place: str, capacity: int) -> Shift:
    session = Session.objects.create(
        subdistrict=ctx.subdistrict,
        activity=task.activity,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=length),
        place=place,
        capacity=capacity,
    )
    ctx.count(session)
    shift = Shift.objects.create(subdistrict=ctx.subdistrict, task=task, session=session, capacity=capacity)
    ctx.count(shift)
    return shift


def _sanxin_members(ctx: DemoContext) -> QuerySet[Person]:
    members = Person.objects.filter(subdistrict=ctx.subdistrict, is_party_member=True).exclude(party_category="")
    sanxin = ctx.people.get("sanxin")
    return members.exclude(pk=sanxin.pk) if sanxin is not None else members


def _theme_day_attendees(ctx: DemoContext) -> list[Person]:
    """The 三新 members signed in at the theme day (孙浩然 aside), in sign-in order."""
    theme_day = Activity.objects.filter(subdistrict=ctx.subdistrict, title=THEME_DAY_TITLE).first()
    members = _sanxin_members(ctx)
    if theme_day is None:
        return list(members.order_by("id_number_hash")[:NEWCOMERS])
    signed_in = Attendance.objects.filter(session__activity=theme_day, person__in=members)
    return [a.person for a in signed_in.select_related("person").order_by("signed_in_at", "id")]


def _later_volunteers(ctx: DemoContext, attendees: list[Person]) -> list[Person]:
    """三新 members of 秀苑 and 中虹 who were not at the theme day."""
    local = _sanxin_members(ctx).filter(residential_area__name__in=("秀苑", "中虹"))
    return list(local.exclude(pk__in=[p.pk for p in attendees]).order_by("id_number_hash")[:OTHERS])


@demo_step("volunteering", after=("accounts", "activities", "party"))
def load_volunteering(ctx: DemoContext) -> None:
    sd = ctx.subdistrict
    user = ctx.users.get("centre")
    if user is None or CENTRE not in ctx.units or Task.objects.filter(subdistrict=sd).exists():
        return
    centre = actor_for(user)
    ctx.get_or_create(
        ProgrammeSettings,
        subdistrict=sd,
        defaults={
            "issuer_name": "凉城新村街道社区党群服务中心",
            "person_in_charge": "顾文洁",
            "handler": "沈佳怡",
            "issuer_contact": "021-65550000",
        },
    )
    needs = []
    for area, title, description in NEEDS:
        needs.append(
            services.need_report(actor=centre, residential_area=ctx.areas[area], title=title, description=description)
        )
        ctx.count(Need)
    tasks = []
    for title, description, area, _place, skills, contact, hours, _hour, _length in TASKS:
        need = next((n for n in needs if n.title == title), None)
        tasks.append(
            services.task_create(
                actor=centre,
                organiser=ctx.units[CENTRE],
                title=title,
                description=description,
                residential_area=ctx.areas[area] if area else None,
                skills=skills,
                contact=contact,
                hours_per_shift=Decimal(hours),
                need=need,
            )
        )
        ctx.count(Task)

    past = [_shift(ctx, tasks[t], _at(day, TASKS[t][7]), TASKS[t][8], TASKS[t][3], 6) for t, day in PAST]
    today = timezone.localdate()
    upcoming = [
        (_shift(ctx, tasks[t], _at(today + dt.timedelta(days=d), TASKS[t][7]), TASKS[t][8], TASKS[t][3], places), left)
        for t, d, places, left in UPCOMING
    ]
    _theme_day_claims(ctx, past)
    _fill_upcoming(ctx, upcoming)
    first = (
        Claim.objects.filter(subdistrict=sd, record__status=ServiceRecord.Status.VERIFIED)
        .select_related("person")
        .first()
    )
    if first is not None:
        services.issue_certificate(
            actor=centre, person=first.person, date_from=dt.date(2020, 1, 1), date_to=dt.date(2020, 12, 31)
        )
        ctx.count(first.person.volunteer_certificates.model)


def _volunteer_numbers(ctx: DemoContext, people: list[Person]) -> None:
    have = set(Volunteer.objects.filter(person__in=people).values_list("person_id", flat=True))
    rows = [
        Volunteer(subdistrict=ctx.subdistrict, person=p, number=f"ZY{p.subdistrict_id:04d}{p.pk:08d}")
        for p in people
        if p.pk not in have
    ]
    Volunteer.objects.bulk_create(rows)
    ctx.count(Volunteer, len(rows))


def _theme_day_claims(ctx: DemoContext, past: list[Shift]) -> None:
    """Every 三新 member at the theme day claimed a shift there, served it and signed
    in and out (hours verified from the QR attendance). 三新 members of 秀苑 and 中虹
    who were not there claimed later: half reported hours still pending, half have not
    served yet."""
    attendees = _theme_day_attendees(ctx)
    people = attendees + _later_volunteers(ctx, attendees)
    verified_at = dt.datetime(2020, 12, 31, 17, tzinfo=ZONE)
    claims, attendances, records = [], [], []
    for n, person in enumerate(people):
        shift = past[(n * 3) % len(past)]
        claim = Claim(subdistrict=ctx.subdistrict, shift=shift, person=person, status=Claim.Status.CLAIMED)
        claims.append(claim)
    Claim.objects.bulk_create(claims)
    at_theme_day = [c.pk for c in claims[: len(attendees)]]
    Claim.objects.filter(pk__in=at_theme_day).update(created_at=THEME_DAY)
    Claim.objects.filter(pk__in=[c.pk for c in claims[len(attendees) :]]).update(created_at=LATER_CLAIM)
    ctx.count(Claim, len(claims))
    settings = services.settings_for(ctx.subdistrict.pk)
    for n, claim in enumerate(claims):
        shift = claim.shift
        later = n - len(attendees)
        if later >= 0 and later % 2 == 0:
            records.append(
                ServiceRecord(
                    subdistrict=ctx.subdistrict,
                    claim=claim,
                    source=ServiceRecord.Source.REPORTED,
                    hours=shift.task.hours_per_shift,
                    note="按时到岗，服务完成。",
                )
            )
            continue
        if later >= 0:
            continue  # claimed, not served yet (no record)
        signed_in = shift.session.starts_at - dt.timedelta(minutes=10 + n % 15)
        signed_out = shift.session.ends_at - dt.timedelta(minutes=(n * 7) % 40)
        attendances.append(
            Attendance(
                subdistrict=ctx.subdistrict,
                session=shift.session,
                person=claim.person,
                method=Attendance.Method.QR,
                category=AttendeeCategory.OTHER,
                signed_in_at=signed_in,
                signed_out_at=signed_out,
            )
        )
        records.append(
            ServiceRecord(
                subdistrict=ctx.subdistrict,
                claim=claim,
                source=ServiceRecord.Source.ATTENDANCE,
                hours=services.attended_hours(shift, signed_in, signed_out, settings),
                status=ServiceRecord.Status.VERIFIED,
                verified_at=verified_at,
            )
        )
    Attendance.objects.bulk_create(attendances)
    ServiceRecord.objects.bulk_create(records)
    ctx.count(Attendance, len(attendances))
    ctx.count(ServiceRecord, len(records))
    for shift in {c.shift_id: c.shift for c in claims}.values():
        Shift.objects.filter(pk=shift.pk).update(claimed=Claim.objects.filter(shift=shift).count())
    _volunteer_numbers(ctx, people)


def _fill_upcoming(ctx: DemoContext, upcoming: list[tuple[Shift, int]]) -> None:
    """Residents who volunteer claim the upcoming shifts, leaving ``left`` places each;
    孙浩然 holds a place on the first."""
    sanxin = ctx.people.get("sanxin")
    crowd = list(
        Person.objects.filter(subdistrict=ctx.subdistrict, is_volunteer=True, user__isnull=True)
        .exclude(party_category="")
        .order_by("id_number_hash")[:40]
    ) or list(Person.objects.filter(subdistrict=ctx.subdistrict, user__isnull=True).order_by("id_number_hash")[:40])
    claims: list[Claim] = []
    claimants: list[Person] = []
    for n, (shift, left) in enumerate(upcoming):
        want = shift.capacity - left
        takers = [crowd[(n * 5 + i) % len(crowd)] for i in range(want)] if crowd else []
        if n == 0 and sanxin is not None:
            takers = [sanxin, *takers[: max(0, want - 1)]]
        takers = list(dict.fromkeys(takers))
        claims += [
            Claim(subdistrict=ctx.subdistrict, shift=shift, person=p, status=Claim.Status.CLAIMED) for p in takers
        ]
        claimants += takers
        Shift.objects.filter(pk=shift.pk).update(claimed=len(takers))
    Claim.objects.bulk_create(claims)
    ctx.count(Claim, len(claims))
    _volunteer_numbers(ctx, list(dict.fromkeys(claimants)))
