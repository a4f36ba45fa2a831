"""Shared fixtures of the 畅心屋 tests (booking and records sides).

``counselling`` (on top of ``world``) builds the studio 畅心屋 with one room, the
``counsellor`` persona's Person and Counsellor profile, a rule every day 09:00–12:00
(50-minute sessions, 10-minute buffer), the slots generated for the horizon, the
worker's current consent and one booked appointment of ``worker`` on the first slot at
least two days ahead. Use ``build_counselling(world)`` directly in transactional tests.
"""

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import pytest
from django.utils import timezone

from jiedao.activities.tests.threads import file_database as file_database  # re-exported for the tests
from jiedao.activities.tests.threads import run_together
from jiedao.counselling import consent as consent_text
from jiedao.counselling.models import Appointment, AvailabilityRule, Consent, Counsellor, Room, Slot, Studio
from jiedao.counselling.selectors import bookable_window
from jiedao.counselling.services import generate_slots
from jiedao.people.models import Person
from jiedao.testing import World, make_person


@dataclass
class CounsellingSetup:
    studio: Studio
    room: Room
    counsellor: Counsellor
    counsellor_person: Person
    rules: list[AvailabilityRule]
    slots: list[Slot]
    appointment: Appointment
    extra: dict[str, object] = field(default_factory=dict)

    def free_slots(self) -> list[Slot]:
        """The slots nobody holds that can be booked now: within the studio's notice and
        horizon. The horizon ends at this time of day, 14 days on, while slots are made
        for the whole last day: just after midnight its slots still lie beyond it."""
        taken = set(
            Appointment.objects.filter(status__in=("booked", "attended", "no_show")).values_list("slot_id", flat=True)
        )
        first, last = bookable_window(self.studio, timezone.now())
        return [s for s in self.slots if s.pk not in taken and first <= s.starts_at <= last]


def give_consent(person: Person) -> Consent:
    consent, _ = Consent.objects.get_or_create(
        person=person,
        version=consent_text.CURRENT_VERSION,
        withdrawn_at__isnull=True,
        defaults={
            "subdistrict_id": person.subdistrict_id,
            "text": consent_text.current_text(),
            "agreed_at": timezone.now(),
        },
    )
    return consent


def make_counsellor(world: World, *, username: str = "counsellor", name: str = "周静") -> Counsellor:
    """A Counsellor profile for a user (the ``counsellor`` persona by default)."""
    user = world.users[username]
    person = Person.objects.filter(user=user).first() or make_person(
        world.liangcheng, name, user=user, roles=set(), phone="13700002222"
    )
    world.people.setdefault(username, person)
    counsellor, _ = Counsellor.objects.get_or_create(
        person=person,
        defaults={
            "subdistrict": world.liangcheng,
            "qualification": "国家二级心理咨询师",
            "certificate_number": "1911000001400123",
        },
    )
    return counsellor


def build_counselling(world: World, *, weekdays: tuple[int, ...] = (0, 1, 2, 3, 4, 5, 6)) -> CounsellingSetup:
    studio, _ = Studio.objects.get_or_create(
        subdistrict=world.liangcheng,
        name="畅心屋",
        defaults={"address": "上海市虹口区凉城路545号 党群服务中心二楼", "min_notice_hours": 2, "horizon_days": 14},
    )
    room, _ = Room.objects.get_or_create(subdistrict=world.liangcheng, studio=studio, name="一号咨询室")
    counsellor = make_counsellor(world)
    counsellor.studios.add(studio)
    rules = [
        AvailabilityRule.objects.get_or_create(
            subdistrict=world.liangcheng,
            counsellor=counsellor,
            room=room,
            weekday=weekday,
            start_time=dt.time(9),
            end_time=dt.time(12),
            defaults={"valid_from": timezone.localdate() - dt.timedelta(days=30)},
        )[0]
        for weekday in weekdays
    ]
    generate_slots(studio)
    slots = list(Slot.objects.filter(room__studio=studio, is_withdrawn=False).order_by("starts_at"))
    worker = world.people["worker"]
    give_consent(worker)
    first = next(s for s in slots if s.starts_at > timezone.now() + dt.timedelta(days=2))
    appointment = Appointment.objects.filter(person=worker, status="booked").first() or Appointment.objects.create(
        subdistrict=world.liangcheng,
        slot=first,
        person=worker,
        counsellor=counsellor,
        starts_at=first.starts_at,
        ends_at=first.ends_at,
        booked_by=world.users["worker"],
    )
    return CounsellingSetup(studio, room, counsellor, counsellor.person, rules, slots, appointment)


def counselling_of(world: World) -> CounsellingSetup:
    """``build_counselling`` once per world (the access-matrix rows call it per persona)."""
    built: CounsellingSetup | None = getattr(world, "_counselling", None)
    if built is None:
        built = build_counselling(world)
        world._counselling = built  # type: ignore[attr-defined]
    return built


@pytest.fixture
def counselling(world: World) -> CounsellingSetup:
    return build_counselling(world)


# ---------------------------------------------------------------- concurrency (threads)


def run_in_threads(calls: Sequence[Callable[[], object]]) -> list[object]:
    """Every call on a thread of its own, released together (see
    ``jiedao.activities.tests.threads.run_together``); what each returned, or the
    exception it raised, in the order of ``calls``. Run it inside ``file_database()``."""
    return [o.error if o.error is not None else o.value for o in run_together(calls)]
