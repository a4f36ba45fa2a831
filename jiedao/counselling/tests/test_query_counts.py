"""Every list page and list endpoint of the 畅心屋 costs a fixed number of queries,
pinned exactly, at two sizes (a few rows, several pages of rows)."""

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries, Settings
from time_machine import TimeMachineFixture

from jiedao.accounts.tokens import token_issue
from jiedao.counselling.models import Appointment, Referral, SessionRecord
from jiedao.counselling.tests.conftest import CounsellingSetup
from jiedao.testing import PASSWORD, World, make_person, numbered
from tests.access.counselling_records import Records, book, records_world

pytestmark = pytest.mark.django_db

SIZES = [2, 12]  # rows added: less than a page, more than two pages
PAGE_SIZE = 5


def _book_many(world: World, counselling: CounsellingSetup, n: int) -> None:
    """``n`` appointments of different people on the studio's free slots (every
    other one anonymous), one of them the worker's."""
    for i, slot in enumerate(counselling.free_slots()[:n]):
        person = (
            world.people["worker"]
            if i == 0
            else make_person(world.liangcheng, numbered("来访者", i), phone=f"1380000{i:04d}")
        )
        Appointment.on_slot(slot, person, is_anonymous=i % 2 == 0, pseudonym=f"化名{i}" if i % 2 == 0 else "").save()


def _login(client: Client, who: str) -> None:
    assert client.login(username=who, password=PASSWORD)


# (persona, URL name, parameters, queries). "DAY" stands for the day of the first
# booked slot, "LAST" for a later day that keeps free slots at either size.
BOOKING_PAGES: list[tuple[str, str, dict[str, str], int]] = [
    ("jobseeker", "counselling:index", {"date": "LAST"}, 9),
    ("worker", "counselling:mine", {}, 7),
    ("worker", "counselling:mine", {"page": "2"}, 7),
    ("counsellor", "counselling:caseload", {}, 5),
    ("counsellor", "counselling:caseload", {"when": "past"}, 4),
    ("admin", "counselling:studios", {}, 3),
    ("admin", "counselling:counsellors", {}, 5),
    ("admin", "counselling:schedule", {"week": "DAY"}, 10),
    ("admin", "counselling:calendar", {}, 3),
    ("admin", "counselling:book_for", {"q": "来访者"}, 4),
]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(("who", "name", "params", "expected"), BOOKING_PAGES)
def test_booking_pages(
    client: Client,
    world: World,
    counselling: CounsellingSetup,
    settings: Settings,
    django_assert_num_queries: DjangoAssertNumQueries,
    who: str,
    name: str,
    params: dict[str, str],
    expected: int,
    size: int,
) -> None:
    settings.JIEDAO_PAGE_SIZE = PAGE_SIZE
    free = counselling.free_slots()
    slots = {"DAY": free[0], "LAST": free[-1]}
    days = {key: timezone.localdate(slot.starts_at).isoformat() for key, slot in slots.items()}
    _book_many(world, counselling, size)
    _login(client, who)
    args = [counselling.studio.pk] if name in ("counselling:schedule", "counselling:book_for") else []
    params = {k: days.get(v, v) for k, v in params.items()}
    with django_assert_num_queries(expected):
        assert client.get(reverse(name, args=args), params).status_code == 200


API_LISTS: list[tuple[str, str, dict[str, str | int], int]] = [
    ("admin", "/api/v1/counselling/appointments", {}, 3),
    ("counsellor", "/api/v1/counselling/appointments", {"status": "booked"}, 3),
    ("worker", "/api/v1/counselling/appointments", {}, 3),
    ("worker", "/api/v1/counselling/slots", {}, 4),
    ("worker", "/api/v1/counselling/slots", {"studio": "STUDIO", "offset": 5}, 5),
]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(("who", "path", "params", "expected"), API_LISTS)
def test_api_lists(
    client: Client,
    world: World,
    counselling: CounsellingSetup,
    django_assert_num_queries: DjangoAssertNumQueries,
    who: str,
    path: str,
    params: dict[str, str | int],
    expected: int,
    size: int,
) -> None:
    raw, _token = token_issue(user=world.users[who])
    bearer: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    client.get("/api/v1/counselling/consent", **bearer)  # the token's first use writes its last-used time once
    _book_many(world, counselling, size)
    params = {"limit": PAGE_SIZE, **{k: counselling.studio.pk if v == "STUDIO" else v for k, v in params.items()}}
    with django_assert_num_queries(expected):
        assert client.get(path, params, **bearer).status_code == 200


def _records(world: World, rw: Records, n: int) -> None:
    """``n`` past appointments of each counsellor, each with a record and a read."""
    start = timezone.now() - dt.timedelta(days=10)
    for i in range(n):
        person = make_person(world.liangcheng, numbered("来访者", i))
        for counsellor, offset in ((rw.mine, 0), (rw.other, 1)):
            appointment = book(rw.room, counsellor, person, start + dt.timedelta(hours=2 * i + offset))
            SessionRecord.objects.create(subdistrict=world.liangcheng, appointment=appointment, notes=f"秘密{i}")


STATS_DAY = dt.datetime(2026, 11, 2, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
RECORD_PAGES: list[tuple[str, str, dict[str, str | int], int]] = [
    ("counsellor", "counselling:record_list", {}, 5),
    ("supervisor", "counselling:record_list", {"page": 2}, 5),
    ("supervisor", "counselling:record_reads", {}, 4),
    ("counsellor", "counselling:record", {}, 9),
    ("union", "counselling:stats", {}, 4),
]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(("who", "name", "params", "expected"), RECORD_PAGES)
def test_record_pages(
    client: Client,
    world: World,
    settings: Settings,
    django_assert_num_queries: DjangoAssertNumQueries,
    who: str,
    name: str,
    params: dict[str, str | int],
    expected: int,
    size: int,
    time_machine: TimeMachineFixture,
) -> None:
    # A fixed day early in a month: the past sessions of the set-up then fall in the
    # month before, a completed one, which the statistics count (they count completed
    # months only, so on most days of a month the page would have nothing to read).
    time_machine.move_to(STATS_DAY)
    settings.JIEDAO_PAGE_SIZE = PAGE_SIZE
    rw = records_world(world)
    _records(world, rw, size)
    # Referrals and reads of the counsellor's own record (its page lists both; the
    # oversight page lists the reads).
    own_record = SessionRecord.objects.get(appointment=rw.own)
    for i in range(size):
        Referral.objects.create(
            subdistrict=world.liangcheng,
            record=own_record,
            referred_to=f"机构{i}",
            referred_at=timezone.now(),
            reason="r",
        )
    client.force_login(world.users["supervisor"])
    own = reverse("counselling:record", args=[rw.own.pk])
    for _i in range(size):
        client.post(own, {"reason": "督导例会抽查记录质量，按计划进行"})
    client.force_login(world.users[who])
    args = [rw.own.pk] if name == "counselling:record" else []
    with django_assert_num_queries(expected):
        assert client.get(reverse(name, args=args), params).status_code == 200
