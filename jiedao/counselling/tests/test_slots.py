"""Slots from the rules and the national calendar (fixed dates, time_machine)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from jiedao.core.holidays import calendar_between, day_info, library_knows
from jiedao.core.models import CalendarDay
from jiedao.counselling.models import Appointment, AvailabilityException, AvailabilityRule, Room, Slot, Studio
from jiedao.counselling.services import generate_slots
from jiedao.counselling.tests.conftest import CounsellingSetup, make_counsellor
from jiedao.testing import World

SHANGHAI = ZoneInfo("Asia/Shanghai")
BEFORE_NATIONAL_DAY = dt.datetime(2026, 9, 20, 8, 0, tzinfo=SHANGHAI)


@pytest.fixture
def studio(world: World) -> Studio:
    studio = Studio.objects.create(subdistrict=world.liangcheng, name="畅心屋", address="凉城路", horizon_days=28)
    room = Room.objects.create(subdistrict=world.liangcheng, studio=studio, name="一号")
    counsellor = make_counsellor(world)
    counsellor.studios.add(studio)
    for weekday in range(7):
        AvailabilityRule.objects.create(
            subdistrict=world.liangcheng,
            counsellor=counsellor,
            room=room,
            weekday=weekday,
            start_time=dt.time(9),
            end_time=dt.time(12),
            session_minutes=50,
            buffer_minutes=10,
            valid_from=dt.date(2026, 1, 1),
        )
    return studio


def days_with_slots(studio: Studio) -> list[dt.date]:
    return sorted(
        {s.starts_at.astimezone(SHANGHAI).date() for s in Slot.objects.filter(room__studio=studio, is_withdrawn=False)}
    )


@pytest.mark.django_db
def test_national_day_2026_and_a_makeup_saturday(studio: Studio) -> None:
    with time_machine.travel(BEFORE_NATIONAL_DAY, tick=False):
        generate_slots(studio, start=dt.date(2026, 9, 28), end=dt.date(2026, 10, 12))
        days = days_with_slots(studio)
    assert dt.date(2026, 9, 30) in days
    assert not [d for d in days if dt.date(2026, 10, 1) <= d <= dt.date(2026, 10, 7)]  # 国庆节
    assert dt.date(2026, 10, 8) in days
    assert dt.date(2026, 10, 10) not in days  # 调休上班的星期六: closed unless the studio opens
    assert dt.date(2026, 10, 11) in days  # an ordinary Sunday: the rules decide
    # 09:00, 10:00, 11:00 (50 minutes + 10 minutes buffer within 09:00–12:00)
    starts = [
        s.starts_at.astimezone(SHANGHAI).time() for s in Slot.objects.filter(starts_at__date=dt.date(2026, 10, 8))
    ]
    assert starts == [dt.time(9), dt.time(10), dt.time(11)]

    studio.open_on_makeup_workdays = True
    studio.save()
    with time_machine.travel(BEFORE_NATIONAL_DAY, tick=False):
        generate_slots(studio, start=dt.date(2026, 9, 28), end=dt.date(2026, 10, 12))
    assert dt.date(2026, 10, 10) in days_with_slots(studio)


@pytest.mark.django_db
def test_staff_rows_override_the_library(studio: Studio) -> None:
    CalendarDay.objects.create(date=dt.date(2026, 10, 8), kind="holiday", name="延长假期")
    assert day_info(dt.date(2026, 10, 8)).source == "staff"
    with time_machine.travel(BEFORE_NATIONAL_DAY, tick=False):
        generate_slots(studio, start=dt.date(2026, 9, 28), end=dt.date(2026, 10, 12))
    assert dt.date(2026, 10, 8) not in days_with_slots(studio)


@pytest.mark.django_db
def test_a_year_the_library_does_not_know_never_errors(studio: Studio) -> None:
    assert not library_knows(2031)
    info = day_info(dt.date(2031, 1, 1))  # New Year's Day: unknown, so an ordinary Wednesday
    assert info.is_workday and not info.is_holiday and info.source == "weekend"
    assert not day_info(dt.date(2031, 1, 4)).is_workday  # a Saturday
    CalendarDay.objects.create(date=dt.date(2031, 10, 1), kind="holiday", name="国庆节")
    CalendarDay.objects.create(date=dt.date(2031, 9, 27), kind="workday", name="国庆节调休")  # a Saturday
    days = calendar_between(dt.date(2031, 9, 27), dt.date(2031, 10, 2))
    assert days[dt.date(2031, 9, 27)].is_makeup_workday and days[dt.date(2031, 10, 1)].is_holiday
    with time_machine.travel(dt.datetime(2031, 9, 20, 8, tzinfo=SHANGHAI), tick=False):
        generate_slots(studio, start=dt.date(2031, 9, 26), end=dt.date(2031, 10, 3))
    got = days_with_slots(studio)
    assert dt.date(2031, 10, 1) not in got and dt.date(2031, 9, 27) not in got
    assert dt.date(2031, 10, 2) in got and dt.date(2031, 9, 28) in got


@pytest.mark.django_db
def test_regeneration_is_idempotent_and_withdraws_booked_slots(studio: Studio, world: World) -> None:
    with time_machine.travel(BEFORE_NATIONAL_DAY, tick=False):
        first = generate_slots(studio, start=dt.date(2026, 9, 21), end=dt.date(2026, 9, 30))
        again = generate_slots(studio, start=dt.date(2026, 9, 21), end=dt.date(2026, 9, 30))
        assert first.created > 0 and again.created == 0 and again.deleted == 0
        total = Slot.objects.count()
        day = dt.date(2026, 9, 29)
        slots = list(Slot.objects.filter(starts_at__date=day).order_by("starts_at"))
        booked = slots[0]
        Appointment.objects.create(
            subdistrict=world.liangcheng,
            slot=booked,
            person=world.people["worker"],
            counsellor=booked.counsellor,
            starts_at=booked.starts_at,
            ends_at=booked.ends_at,
        )
        leave = AvailabilityException.objects.create(
            subdistrict=world.liangcheng, counsellor=booked.counsellor, kind="leave", date=day
        )
        result = generate_slots(studio, start=dt.date(2026, 9, 21), end=dt.date(2026, 9, 30))
        assert result.withdrawn == 1 and result.deleted == len(slots) - 1
        booked.refresh_from_db()
        assert booked.is_withdrawn  # kept, with its appointment
        assert Slot.objects.count() == total - (len(slots) - 1)
        leave.delete()
        result = generate_slots(studio, start=dt.date(2026, 9, 21), end=dt.date(2026, 9, 30))
        assert result.restored == 1 and result.created == len(slots) - 1
        booked.refresh_from_db()
        assert not booked.is_withdrawn


@pytest.mark.django_db
def test_part_day_leave_and_an_extra_day(studio: Studio, world: World) -> None:
    counsellor = studio.counsellors.get()
    AvailabilityException.objects.create(
        subdistrict=world.liangcheng,
        counsellor=counsellor,
        kind="leave",
        date=dt.date(2026, 9, 29),
        start_time=dt.time(10),
        end_time=dt.time(12),
    )
    AvailabilityException.objects.create(
        subdistrict=world.liangcheng,
        counsellor=counsellor,
        kind="extra",
        date=dt.date(2026, 10, 2),  # a holiday: staff chose to open
        start_time=dt.time(14),
        end_time=dt.time(16),
        room=studio.rooms.get(),
    )
    with time_machine.travel(BEFORE_NATIONAL_DAY, tick=False):
        generate_slots(studio, start=dt.date(2026, 9, 28), end=dt.date(2026, 10, 3))

    def times(day: dt.date) -> list[dt.time]:
        return [
            s.starts_at.astimezone(SHANGHAI).time()
            for s in Slot.objects.filter(starts_at__date=day).order_by("starts_at")
        ]

    assert times(dt.date(2026, 9, 29)) == [dt.time(9)]
    assert times(dt.date(2026, 10, 2)) == [dt.time(14), dt.time(15)]


@pytest.mark.django_db
def test_fixture_builds(counselling: CounsellingSetup) -> None:
    assert counselling.slots
    assert counselling.appointment.person is not None
    assert counselling.appointment.person.name == "王秀英"
