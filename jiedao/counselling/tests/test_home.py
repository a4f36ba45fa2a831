"""The 畅心屋 on a resident's home (``counselling.home``): one's own booked appointments
still to come, never anyone else's; booking while a studio is open."""

import datetime as dt

from django.apps import apps
from django.utils import timezone

from jiedao.accounts.actor import actor_for
from jiedao.core.home import HomeAction, HomeEntry
from jiedao.counselling.models import Appointment, Studio, WaitlistEntry
from jiedao.counselling.tests.conftest import CounsellingSetup
from jiedao.testing import World


def _home(w: World, key: str) -> list[object]:
    return list(apps.get_app_config("counselling").home(actor_for(w.users[key]), w.people[key]))  # type: ignore[attr-defined]


def test_nothing_without_a_studio_or_an_appointment(world: World) -> None:
    assert _home(world, "worker") == []


def test_ones_own_appointment_and_booking(world: World, counselling: CounsellingSetup) -> None:
    entry, action = _home(world, "worker")
    assert isinstance(entry, HomeEntry) and entry.starts_at == counselling.appointment.starts_at
    assert entry.place == "畅心屋 一号咨询室"
    assert isinstance(action, HomeAction) and action.label == "预约畅心屋"
    # The job seeker has no appointment: the worker's never reaches her.
    assert [type(i) for i in _home(world, "jobseeker")] == [HomeAction]


def test_a_cancelled_appointment_and_a_closed_studio_show_nothing(world: World, counselling: CounsellingSetup) -> None:
    Appointment.objects.filter(pk=counselling.appointment.pk).update(status=Appointment.Status.CANCELLED)
    Studio.objects.update(is_active=False)
    assert _home(world, "worker") == []


def test_a_slot_kept_from_the_waiting_list_is_to_confirm(world: World, counselling: CounsellingSetup) -> None:
    slot = counselling.free_slots()[0]
    entry = WaitlistEntry.objects.create(
        subdistrict=world.liangcheng,
        studio=counselling.studio,
        person=world.people["jobseeker"],
        date_from=timezone.localdate(slot.starts_at),
        date_to=timezone.localdate(slot.starts_at),
        status=WaitlistEntry.Status.OFFERED,
        offered_slot=slot,
        offer_expires_at=timezone.now() + dt.timedelta(hours=2),
    )
    labels = [i.label for i in _home(world, "jobseeker") if isinstance(i, HomeAction)]
    assert labels == ["确认为您保留的畅心屋时段", "预约畅心屋"]
    WaitlistEntry.objects.filter(pk=entry.pk).update(offer_expires_at=timezone.now() - dt.timedelta(minutes=1))
    assert [i.label for i in _home(world, "jobseeker") if isinstance(i, HomeAction)] == ["预约畅心屋"]
