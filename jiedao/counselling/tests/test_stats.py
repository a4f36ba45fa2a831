"""Aggregate statistics: small cells (< 5 people) suppressed, no suppressed cell
recomputable by subtraction, completed months only, constant query count."""

import datetime as dt
import itertools
import json
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from jiedao.accounts.tokens import token_issue
from jiedao.counselling.models import SessionRecord
from jiedao.counselling.selectors.stats import counselling_stats, year_bounds
from jiedao.people.models import Person
from jiedao.testing import World, make_person, numbered
from tests.access.counselling_records import Records, book, records_world

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")
YEAR = timezone.now().year - 2  # wholly in the past, whatever today is
_hours = itertools.count()


@pytest.fixture
def rw(world: World) -> Records:
    return records_world(world)


def people(world: World, n: int, prefix: str = "来访者") -> list[Person]:
    return [make_person(world.liangcheng, numbered(prefix, next(_hours))) for _ in range(n)]


def sessions(
    rw: Records, who: list[Person], month: int, *, status: str = "attended", topics: str = "work_stress", day: int = 3
) -> None:
    """One appointment per person in ``month`` of YEAR, each at its own hour."""
    for person in who:
        start = dt.datetime(YEAR, month, day, 8, tzinfo=TZ) + dt.timedelta(hours=next(_hours) % 500)
        appointment = book(rw.room, rw.mine, person, start, status=status)
        if status == "attended":
            SessionRecord.objects.create(
                subdistrict_id=appointment.subdistrict_id, appointment=appointment, notes="秘密", topics=topics
            )


def stats(world: World) -> dict[str, Any]:
    return counselling_stats(subdistrict_id=world.liangcheng.pk, year=YEAR)


def month(data: dict[str, Any], m: int) -> dict[str, Any]:
    return next(c for c in data["months"] if c["key"] == f"{YEAR}-{m:02d}")


def test_small_cells_are_suppressed_and_a_lone_one_gets_a_partner(world: World, rw: Records) -> None:
    sessions(rw, people(world, 6), 3)
    sessions(rw, people(world, 7), 4)
    sessions(rw, people(world, 2), 5)  # 2 people: suppressed
    data = stats(world)
    assert month(data, 5) == {
        "key": f"{YEAR}-05",
        "label": f"{YEAR}-05",
        "value": None,
        "people": None,
        "suppressed": True,
    }
    # The total (15) is shown, so May alone would be 15 - 6 - 7: March (the smallest) goes too.
    assert month(data, 3)["suppressed"] and month(data, 3)["value"] is None
    assert month(data, 4) == {"key": f"{YEAR}-04", "label": f"{YEAR}-04", "value": 7, "people": 7, "suppressed": False}
    assert month(data, 1)["value"] == 0 and not month(data, 1)["suppressed"]  # nobody: nothing to hide
    assert data["sessions"]["value"] == 15 and data["sessions"]["people"] == 15
    shown = sum(c["value"] for c in data["months"] if not c["suppressed"])
    hidden = [c for c in data["months"] if c["suppressed"]]
    assert len(hidden) >= 2 and data["sessions"]["value"] - shown == 8  # only the pair's sum, not May


def test_a_lone_small_month_without_a_partner_hides_the_total(world: World, rw: Records) -> None:
    sessions(rw, people(world, 3), 2)
    data = stats(world)
    assert month(data, 2)["suppressed"]
    assert data["sessions"] == {"key": "total", "label": "total", "value": None, "people": None, "suppressed": True}


def test_people_are_counted_distinct(world: World, rw: Records) -> None:
    regulars = people(world, 4)
    for m in (3, 4, 5):
        sessions(rw, regulars, m)
    data = stats(world)
    # 12 sessions but 4 people: every figure covers fewer than 5 people.
    assert all(month(data, m)["suppressed"] for m in (3, 4, 5))
    assert data["sessions"]["suppressed"]


def test_topics_are_counted_per_person_and_suppressed_alike(world: World, rw: Records) -> None:
    sessions(rw, people(world, 6), 3, topics="work_stress")
    sessions(rw, people(world, 5), 3, topics="family,work_stress")
    sessions(rw, people(world, 1), 4, topics="health")
    data = stats(world)
    topics = {c["key"]: c for c in data["topics"]}
    assert topics["work_stress"]["value"] == 11 and topics["work_stress"]["people"] == 11
    assert topics["health"]["suppressed"]
    # A lone suppressed topic takes the smallest other non-zero one with it.
    assert topics["family"]["suppressed"]
    assert topics["career"]["value"] == 0


def test_the_no_show_rate_follows_the_no_show_count(world: World, rw: Records) -> None:
    sessions(rw, people(world, 10), 3)
    sessions(rw, people(world, 2), 3, status="no_show")
    data = stats(world)
    assert data["no_shows"]["suppressed"] and data["no_show_rate"] is None and data["no_show_rate_suppressed"]
    sessions(rw, people(world, 3), 4, status="no_show")
    data = stats(world)
    assert data["no_shows"]["value"] == 5
    assert data["no_show_rate"] == round(5 / 15, 3) and not data["no_show_rate_suppressed"]
    # Cancelled and still-booked appointments count for nothing.
    sessions(rw, people(world, 5), 5, status="cancelled")
    assert stats(world)["no_show_rate"] == round(5 / 15, 3)


def test_months_are_local_and_completed_ones_only(world: World, rw: Records) -> None:
    first = people(world, 5)
    for person in first:  # 00:30 on 1 April in Shanghai is still 31 March in UTC
        start = dt.datetime(YEAR, 4, 1, 0, 30, tzinfo=TZ) + dt.timedelta(minutes=next(_hours) % 1000 * 60)
        book(rw.room, rw.mine, person, start, status="attended")
    data = stats(world)
    assert month(data, 4)["value"] == 5 and month(data, 3)["value"] == 0
    start, end, months = year_bounds(YEAR, now=dt.datetime(YEAR, 4, 15, tzinfo=TZ))
    assert [m.month for m in months] == [1, 2, 3] and end == dt.datetime(YEAR, 4, 1, tzinfo=TZ)
    early = counselling_stats(subdistrict_id=world.liangcheng.pk, year=YEAR, now=dt.datetime(YEAR, 4, 15, tzinfo=TZ))
    assert [c["key"] for c in early["months"]] == [f"{YEAR}-01", f"{YEAR}-02", f"{YEAR}-03"]
    assert early["sessions"]["value"] == 0  # April is not over yet
    assert counselling_stats(subdistrict_id=world.liangcheng.pk, year=timezone.now().year + 1)["months"] == []


def test_another_sub_district_counts_nothing_of_ours(world: World, rw: Records) -> None:
    sessions(rw, people(world, 8), 3)
    data = counselling_stats(subdistrict_id=world.quyang.pk, year=YEAR)
    assert data["sessions"]["value"] == 0


def test_the_query_count_does_not_grow_with_the_rows(world: World, rw: Records) -> None:
    sessions(rw, people(world, 5), 3)
    with CaptureQueriesContext(connection) as small:
        stats(world)
    for m in (4, 5, 6, 7):
        sessions(rw, people(world, 12), m, topics="family,career")
    with CaptureQueriesContext(connection) as large:
        stats(world)
    assert len(small.captured_queries) == len(large.captured_queries) == 2


def test_the_page_shows_suppressed_cells_as_less_than_five(client: Client, world: World, rw: Records) -> None:
    sessions(rw, people(world, 9), 3)
    sessions(rw, people(world, 6), 4)
    sessions(rw, people(world, 2), 5)
    client.force_login(world.users["union"])
    response = client.get(reverse("counselling:stats"), {"year": YEAR})
    assert response.status_code == 200
    body = response.content.decode()
    assert "&lt;5" in body and "秘密" not in body
    assert "来访者" not in body
    option = json.loads(body.split('id="counselling-stats-data" type="application/json">')[1].split("</script>")[0])
    sessions_by_month = option["series"][0]["data"]
    assert sessions_by_month[2] == 9
    assert sessions_by_month[4]["label"]["formatter"] == "<5"  # withheld: labelled, never read as a zero
    client.force_login(world.users["counsellor"])
    assert client.get(reverse("counselling:stats")).status_code == 403


def test_the_api_gives_null_with_a_flag(client: Client, world: World, rw: Records) -> None:
    sessions(rw, people(world, 9), 3)
    sessions(rw, people(world, 2), 5)
    raw, _ = token_issue(user=world.users["admin"])
    response = client.get("/api/v1/counselling/stats", {"year": YEAR}, headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 200
    data = response.json()
    assert data["months"][4]["value"] is None and data["months"][4]["suppressed"] is True
    # Shown beside the total, March would give May back: it is suppressed with it.
    assert data["months"][2]["suppressed"] and data["sessions"]["value"] == 11
    assert data["min_people"] == 5
    bad = client.get("/api/v1/counselling/stats", {"year": 1900}, headers={"Authorization": f"Bearer {raw}"})
    assert bad.status_code == 422
    raw, _ = token_issue(user=world.users["worker"])
    assert client.get("/api/v1/counselling/stats", headers={"Authorization": f"Bearer {raw}"}).status_code == 403
