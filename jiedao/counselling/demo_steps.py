"""Demo data of the 畅心屋 studio: the 心理疏导工作室 that 胡军 unveiled at the 2020 joint
meeting of the sub-district and its trade union, at the party-mass service centre; two
counsellors with weekly evening and Saturday hours (定时定点); past appointments (attended
or not) and future ones of demo residents, each with their consent.

Idempotent: rows are looked up by natural keys (studio name, room name, the counsellor's
ID number, rule weekday and start, username); the appointments are created once — a
studio that already has appointments gets no more. The slots are brought up to the
horizon on every run (``generate_slots`` is idempotent itself).
"""

import datetime as dt
from typing import Any

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from jiedao.accounts.models import Role, RoleAssignment, User
from jiedao.counselling import consent as consent_texts
from jiedao.counselling import demo_records  # noqa: F401  (registers its own step)
from jiedao.counselling.models import (
    Appointment,
    AvailabilityRule,
    Consent,
    Counsellor,
    Room,
    Slot,
    Studio,
)
from jiedao.counselling.services.slots import at, generate_slots
from jiedao.demo import data
from jiedao.demo.data import PersonSpec
from jiedao.demo.loader import DemoContext, Login, demo_step
from jiedao.people.models import Person
from jiedao.people.services import id_number_hash, person_values

STUDIO = {
    "name": "畅心屋",
    "address": "虹口区凉城路 545 号 凉城新村街道党群服务中心二楼",
    "phone": "021-65550000",
    "description": (
        "凉城“畅心屋”心理疏导工作室：2020年街道与工会联席会议上由区人大常委会副主任、区总工会主席胡军揭牌，"
        "街道总工会整合党群中心心理服务资源，定时定点为辖区职工提供专业心理疏导，帮助职工消除心理压力。"
    ),
}
ROOMS = ("一号咨询室", "二号咨询室")
# (username, person spec, qualification, certificate, room, [(weekday, start, end)])
COUNSELLORS: tuple[tuple[str, PersonSpec, str, str, str, tuple[tuple[int, int, int], ...]], ...] = (
    (
        "counsellor",
        PersonSpec("周静", "F", dt.date(1979, 5, 17), 288, phone="13817200518"),
        "国家二级心理咨询师",
        "1911003100200457",
        "一号咨询室",
        ((1, 18, 21), (3, 18, 21), (5, 9, 12)),  # Tue, Thu evenings; Saturday morning
    ),
    (
        "counsellor2",
        PersonSpec("沈慧敏", "F", dt.date(1985, 11, 2), 364, phone="13917300926"),
        "国家三级心理咨询师",
        "1911003100300812",
        "二号咨询室",
        ((2, 18, 21), (5, 14, 17)),  # Wednesday evening; Saturday afternoon
    ),
)
RULES_FROM = dt.date(2020, 10, 1)  # the month after the joint meeting
PAST_WEEKS = 8


def _studio(ctx: DemoContext) -> Studio:
    studio = Studio.objects.filter(subdistrict=ctx.subdistrict, name=STUDIO["name"]).first()
    if studio is None:
        studio = Studio.objects.create(subdistrict=ctx.subdistrict, horizon_days=28, min_notice_hours=12, **STUDIO)
        ctx.count(studio)
    return studio


def _counsellor_user(ctx: DemoContext, username: str, display: str) -> User:
    user = ctx.users.get(username) or User.objects.filter(username=username, subdistrict=ctx.subdistrict).first()
    if user is None:
        user = User.objects.create(
            username=username, display_name=display, subdistrict=ctx.subdistrict, password=make_password(data.PASSWORD)
        )
        ctx.count(user)
        ctx.logins.append(Login(username, f"{display}（畅心屋心理咨询师）"))
    ctx.get_or_create(RoleAssignment, subdistrict=ctx.subdistrict, user=user, role=Role.COUNSELLOR)
    ctx.users[username] = user
    return user


def _person(ctx: DemoContext, spec: PersonSpec, user: User) -> Person:
    person = Person.objects.filter(subdistrict=ctx.subdistrict, id_number_hash=id_number_hash(spec.id_number)).first()
    if person is None:
        person = Person.objects.filter(subdistrict=ctx.subdistrict, user=user).first()
    if person is None:
        values = person_values(
            subdistrict_id=ctx.subdistrict.pk,
            name=spec.name,
            id_number=spec.id_number,
            gender=spec.gender,
            phone=spec.phone,
        )
        person = Person.objects.create(user=user, **values)
        ctx.count(person)
    elif person.user_id is None and not Person.objects.filter(user=user).exists():
        person.user = user
        person.save(update_fields=["user"])
    return person


def _consent(ctx: DemoContext, person: Person, when: dt.datetime) -> None:
    if not Consent.objects.filter(person=person, version=consent_texts.CURRENT_VERSION).exists():
        Consent.objects.create(
            subdistrict=ctx.subdistrict,
            person=person,
            version=consent_texts.CURRENT_VERSION,
            text=consent_texts.current_text(),
            agreed_at=when,
        )
        ctx.count(Consent)


def _past_slots(ctx: DemoContext, counsellor: Counsellor, rules: list[AvailabilityRule]) -> list[Slot]:
    """The slots of the last weeks (generation only makes future ones)."""
    today = timezone.localdate()
    slots = []
    for back in range(PAST_WEEKS * 7, 0, -1):
        day = today - dt.timedelta(days=back)
        for rule in rules:
            if rule.weekday != day.weekday():
                continue
            start = at(day, rule.start_time)
            length = dt.timedelta(minutes=rule.session_minutes)
            step = length + dt.timedelta(minutes=rule.buffer_minutes)
            while start + length <= at(day, rule.end_time):
                slot, _created = ctx.get_or_create(
                    Slot,
                    counsellor=counsellor,
                    starts_at=start,
                    defaults={"subdistrict": ctx.subdistrict, "room": rule.room, "ends_at": start + length},
                )
                slots.append(slot)
                start += step
    return slots


def _clients(ctx: DemoContext, n: int) -> list[Person]:
    """Workers among the demo residents (no login of their own), in a fixed order."""
    return list(
        Person.objects.filter(subdistrict=ctx.subdistrict, is_worker=True, user__isnull=True)
        .exclude(counsellor_profile__isnull=False)
        .order_by("id")[:n]
    )


def _appointments(ctx: DemoContext, studio: Studio, past: dict[int, list[Slot]], counsellors: list[Counsellor]) -> None:
    if Appointment.objects.filter(slot__room__studio=studio).exists():
        return
    now = timezone.now()
    clients = _clients(ctx, 24)
    if not clients:
        ctx.warnings.append("畅心屋演示：没有可用的演示职工，未生成预约。")
        return
    rows: list[Appointment] = []
    used: set[int] = set()

    def add(slot: Slot, person: Person, status: str, anonymous: bool = False, **extra: Any) -> None:
        if slot.pk in used:
            return
        used.add(slot.pk)
        _consent(ctx, person, min(slot.starts_at, now) - dt.timedelta(days=2))
        rows.append(
            Appointment.on_slot(
                slot,
                person,
                status=status,
                is_anonymous=anonymous,
                pseudonym=f"来访者{slot.pk:04d}"[-8:] if anonymous else "",
                **extra,
            )
        )

    # Past: about one session in three taken, mostly attended, a few no-shows and cancellations.
    k = 0
    for counsellor in counsellors:
        for i, slot in enumerate(past[counsellor.pk]):
            if i % 3:
                continue
            person = clients[k % len(clients)]
            status = ("attended", "attended", "attended", "no_show", "attended", "cancelled")[k % 6]
            extra = (
                {"cancelled_at": slot.starts_at - dt.timedelta(days=1), "cancel_reason": "来访者临时加班"}
                if status == "cancelled"
                else {}
            )
            add(
                slot, person, status, anonymous=k % 4 == 1, reminded_at=slot.starts_at - dt.timedelta(hours=20), **extra
            )
            k += 1
    # Future: the worker persona and a few residents, one per week each.
    future = list(
        Slot.objects.filter(room__studio=studio, is_withdrawn=False, starts_at__gt=now + dt.timedelta(days=1)).order_by(
            "starts_at", "id"
        )
    )
    worker = ctx.people.get("worker")
    takers = ([worker] if worker is not None else []) + clients[:6]
    for j, person in enumerate(takers):
        if 3 * j + 1 < len(future):
            add(future[3 * j + 1], person, "booked", anonymous=j % 3 == 2)
    Appointment.objects.bulk_create(rows)
    ctx.count(Appointment, len(rows))


@demo_step("counselling", after=("accounts",))
def load_counselling(ctx: DemoContext) -> None:
    studio = _studio(ctx)
    rooms = {}
    for name in ROOMS:
        room, _created = ctx.get_or_create(Room, subdistrict=ctx.subdistrict, studio=studio, name=name)
        rooms[name] = room
    counsellors: list[Counsellor] = []
    past: dict[int, list[Slot]] = {}
    for username, spec, qualification, certificate, room_name, hours in COUNSELLORS:
        user = _counsellor_user(ctx, username, spec.name)
        person = _person(ctx, spec, user)
        counsellor, _created = ctx.get_or_create(
            Counsellor,
            person=person,
            defaults={
                "subdistrict": ctx.subdistrict,
                "qualification": qualification,
                "certificate_number": certificate,
                "introduction": "擅长职场压力、人际关系与情绪调适。",
            },
        )
        counsellor.studios.add(studio)
        rules = []
        for weekday, start, end in hours:
            rule, _created = ctx.get_or_create(
                AvailabilityRule,
                counsellor=counsellor,
                weekday=weekday,
                start_time=dt.time(start),
                defaults={
                    "subdistrict": ctx.subdistrict,
                    "room": rooms[room_name],
                    "end_time": dt.time(end),
                    "valid_from": RULES_FROM,
                },
            )
            rules.append(rule)
        counsellors.append(counsellor)
        past[counsellor.pk] = _past_slots(ctx, counsellor, rules)
    result = generate_slots(studio)
    ctx.count(Slot, result.created)
    _appointments(ctx, studio, past, counsellors)
