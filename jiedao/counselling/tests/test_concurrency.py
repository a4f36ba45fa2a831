"""No double booking under concurrency, on SQLite and PostgreSQL: real threads, one
slot, exactly one appointment; the others get slot_taken. And the database itself
refuses overlapping appointments of one counsellor."""

import datetime as dt
from functools import partial

import pytest
from django.db import IntegrityError, transaction

from jiedao.accounts.actor import Actor, actor_for
from jiedao.counselling import selectors
from jiedao.counselling import services as booking
from jiedao.counselling.models import Appointment, Slot
from jiedao.counselling.tests.conftest import (
    CounsellingSetup,
    build_counselling,
    file_database,
    give_consent,
    run_in_threads,
)
from jiedao.people.models import Person
from jiedao.testing import World, build_world, make_person, make_user, numbered

THREADS = 8


@pytest.mark.django_db(transaction=True)
def test_one_slot_many_clients_exactly_one_wins() -> None:
    world = build_world()
    setup = build_counselling(world)
    slot = setup.free_slots()[3]
    clients: list[tuple[Actor, Person]] = []
    for i in range(THREADS):
        user = make_user(world.liangcheng, f"client{i}", ("resident", None))
        person = make_person(world.liangcheng, numbered("来访者", i), user=user, phone=f"1390000{i:04d}")
        give_consent(person)
        clients.append((actor_for(user), person))

    with file_database():
        results = run_in_threads([partial(booking.book, actor=a, person=p, slot_id=slot.pk) for a, p in clients])
        won = [r for r in results if isinstance(r, Appointment)]
        lost = [r for r in results if isinstance(r, booking.SlotTaken)]
        assert len(won) == 1, results
        assert len(lost) == THREADS - 1, results
        assert all(r.code == "slot_taken" and r.message == "该时段已被预约。" for r in lost)
        assert all(r.details["alternatives"] for r in lost)
        assert Appointment.objects.filter(slot=slot, status="booked").count() == 1


@pytest.mark.django_db(transaction=True)
def test_one_person_many_slots_weekly_limit_holds() -> None:
    world = build_world()
    setup = build_counselling(world)
    worker = world.people["jobseeker"]
    give_consent(worker)
    weeks: dict[object, list[Slot]] = {}
    for s in setup.free_slots():
        weeks.setdefault(selectors.iso_week_bounds(s.starts_at), []).append(s)
    same_week = max(weeks.values(), key=len)[:THREADS]  # a whole week lies within the 14-day horizon
    assert len(same_week) == THREADS
    a = actor_for(world.users["jobseeker"])
    with file_database():
        results = run_in_threads([partial(booking.book, actor=a, person=worker, slot_id=s.pk) for s in same_week])
        assert len([r for r in results if isinstance(r, Appointment)]) == 1, results
        assert all(isinstance(r, (Appointment, booking.LimitReached)) for r in results), results
        assert Appointment.objects.filter(person=worker, status="booked").count() == 1


@pytest.mark.django_db
def test_database_refuses_overlapping_appointments_of_a_counsellor(counselling: CounsellingSetup, world: World) -> None:
    slot = counselling.appointment.slot
    other = world.people["jobseeker"]
    with pytest.raises(IntegrityError), transaction.atomic():
        # A different (hand-made) slot half an hour later still overlaps the booked one.
        Appointment.objects.create(
            subdistrict=world.liangcheng,
            slot=counselling.free_slots()[-1],
            person=other,
            counsellor=counselling.counsellor,
            starts_at=slot.starts_at + dt.timedelta(minutes=30),
            ends_at=slot.ends_at + dt.timedelta(minutes=30),
        )
    # Back to back is fine, and a cancelled one does not count.
    a = counselling.appointment
    Appointment.objects.filter(pk=a.pk).update(status="cancelled")
    Appointment.objects.create(
        subdistrict=world.liangcheng,
        slot=counselling.free_slots()[-1],
        person=other,
        counsellor=counselling.counsellor,
        starts_at=slot.starts_at + dt.timedelta(minutes=30),
        ends_at=slot.ends_at + dt.timedelta(minutes=30),
    )


@pytest.mark.django_db
def test_database_refuses_two_active_on_one_slot(counselling: CounsellingSetup, world: World) -> None:
    slot = counselling.appointment.slot
    with pytest.raises(IntegrityError), transaction.atomic():
        Appointment.objects.create(
            subdistrict=world.liangcheng,
            slot=slot,
            person=world.people["jobseeker"],
            counsellor=counselling.counsellor,
            starts_at=slot.starts_at,
            ends_at=slot.ends_at,
        )


@pytest.mark.django_db(transaction=True)
def test_two_overlapping_slots_of_one_counsellor_booked_at_once_exactly_one_wins() -> None:
    """Two slots of one counsellor that overlap (made by hand: generation never makes
    them) booked at the same moment by two people: the overlap constraint lets one in."""
    world = build_world()
    setup = build_counselling(world)
    slot = setup.free_slots()[2]
    overlapping = Slot.objects.create(
        subdistrict=world.liangcheng,
        counsellor=setup.counsellor,
        room=setup.room,
        starts_at=slot.starts_at + dt.timedelta(minutes=25),
        ends_at=slot.ends_at + dt.timedelta(minutes=25),
    )
    clients: list[tuple[Actor, Person]] = []
    for i in range(2):
        user = make_user(world.liangcheng, f"overlap{i}", ("resident", None))
        person = make_person(world.liangcheng, numbered("重叠", i), user=user, phone=f"1370000{i:04d}")
        give_consent(person)
        clients.append((actor_for(user), person))
    calls = [
        partial(booking.book, actor=clients[0][0], person=clients[0][1], slot_id=slot.pk),
        partial(booking.book, actor=clients[1][0], person=clients[1][1], slot_id=overlapping.pk),
    ]
    with file_database():
        for _ in range(3):
            results = run_in_threads(calls)
            assert len([r for r in results if isinstance(r, Appointment)]) == 1, results
            assert len([r for r in results if isinstance(r, booking.SlotTaken)]) == 1, results
            Appointment.objects.filter(counsellor=setup.counsellor, slot__in=[slot, overlapping]).update(
                status="cancelled"
            )
