"""The demo step writes records for the demo's past attended appointments, once."""

import datetime as dt

import pytest
from django.utils import timezone

from jiedao.counselling.demo_records import load_counselling_records
from jiedao.counselling.models import SessionRecord
from jiedao.demo.loader import DemoContext, registered_steps
from jiedao.testing import World
from tests.access.counselling_records import book, records_world

pytestmark = pytest.mark.django_db


def test_the_step_is_registered_after_the_booking_demo() -> None:
    names = [s.name for s in registered_steps()]
    assert names.index("counselling_records") > names.index("counselling")


def test_records_for_past_attended_appointments_only_and_only_once(world: World) -> None:
    rw = records_world(world)
    now = timezone.now()
    attended = book(rw.room, rw.mine, world.people["jobseeker"], now - dt.timedelta(days=1), status="attended")
    no_show = book(rw.room, rw.mine, world.people["worker"], now - dt.timedelta(days=2), status="no_show")
    future = book(rw.room, rw.mine, world.people["worker"], now + dt.timedelta(days=2))
    ctx = DemoContext(subdistrict=world.liangcheng)
    load_counselling_records(ctx)
    assert ctx.created["counselling.sessionrecord"] == 1
    record = SessionRecord.objects.get(appointment=attended)
    assert record.notes and record.topics and record.written_by == world.users["counsellor"]
    assert not SessionRecord.objects.filter(appointment__in=[no_show, future]).exists()
    again = DemoContext(subdistrict=world.liangcheng)
    load_counselling_records(again)
    assert not again.created
