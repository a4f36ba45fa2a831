import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries, Settings

from jiedao.core import audit
from jiedao.core.models import AuditEntry
from jiedao.testing import PASSWORD, ClientResponse, World

SHANGHAI = ZoneInfo("Asia/Shanghai")
URL = reverse("audit:list")


def _login(client: Client, world: World, name: str) -> Client:
    client.force_login(world.users[name])
    return client


def _entry(
    world: World,
    *,
    at: dt.datetime,
    actor: str = "admin",
    action: str = AuditEntry.Action.UPDATE,
    person: str = "worker",
    **extra: Any,
) -> AuditEntry:
    with time_machine.travel(at, tick=False):
        return audit.record(actor=world.users[actor], action=action, obj=world.people[person], **extra)


def _shown_ids(response: ClientResponse) -> list[int]:
    return [entry.pk for entry, _stamp, _label, _detail in response.context["rows"]]


@pytest.fixture
def log(world: World) -> dict[str, AuditEntry]:
    """Entries on both sides of a Shanghai midnight and one in the other sub-district."""
    return {
        "late_evening": _entry(world, at=dt.datetime(2026, 11, 29, 23, 30, tzinfo=SHANGHAI), action="reveal"),
        "morning": _entry(world, at=dt.datetime(2026, 11, 30, 10, 15, 3, tzinfo=SHANGHAI), actor="union"),
        "next_day": _entry(world, at=dt.datetime(2026, 12, 1, 0, 5, tzinfo=SHANGHAI), person="jobseeker"),
        "quyang": _entry(
            world, at=dt.datetime(2026, 11, 30, 9, 0, tzinfo=SHANGHAI), actor="other_admin", person="quyang_resident"
        ),
    }


def test_it_lists_the_own_subdistrict_newest_first_with_aware_times_and_address(
    client: Client, world: World, log: dict[str, AuditEntry]
) -> None:
    with time_machine.travel(dt.datetime(2026, 11, 30, 10, 15, 3, tzinfo=SHANGHAI), tick=False):
        audit.record(
            actor=world.users["admin"],
            action="export",
            object_type="people.person",
            subdistrict_id=world.liangcheng.pk,
            request=type("R", (), {"META": {"REMOTE_ADDR": "10.1.2.3"}})(),
        )
    response = _login(client, world, "admin").get(URL)
    assert response.status_code == 200
    ids = _shown_ids(response)
    assert ids[0] == log["next_day"].pk
    assert log["quyang"].pk not in ids
    body = response.content.decode()
    assert "2026-11-30 10:15:03 +08:00" in body
    assert "10.1.2.3" in body
    assert "赵曲阳" not in body  # the other sub-district's person never appears


def test_it_never_shows_another_subdistricts_entries_even_when_asked_by_id(
    client: Client, world: World, log: dict[str, AuditEntry]
) -> None:
    response = _login(client, world, "admin").get(URL, {"object_id": log["quyang"].object_id})
    assert _shown_ids(response) == []
    response = _login(client, world, "other_admin").get(URL)
    assert _shown_ids(response) == [log["quyang"].pk]


def test_it_filters_by_action(client: Client, world: World, log: dict[str, AuditEntry]) -> None:
    response = _login(client, world, "admin").get(URL, {"action": "reveal"})
    assert _shown_ids(response) == [log["late_evening"].pk]


def test_it_filters_by_object_type_and_offers_the_types_by_name(
    client: Client, world: World, log: dict[str, AuditEntry]
) -> None:
    audit.record(actor=world.users["admin"], action="login", object_type="accounts.user", object_id="1")
    response = _login(client, world, "admin").get(URL, {"object_type": "people.person"})
    assert set(_shown_ids(response)) == {log["late_evening"].pk, log["morning"].pk, log["next_day"].pk}
    body = response.content.decode()
    assert '<option value="people.person" selected>' in body


def test_it_filters_by_part_of_the_actor_name(client: Client, world: World, log: dict[str, AuditEntry]) -> None:
    response = _login(client, world, "admin").get(URL, {"actor_name": "UNI"})
    assert _shown_ids(response) == [log["morning"].pk]


def test_it_filters_by_object_id(client: Client, world: World, log: dict[str, AuditEntry]) -> None:
    response = _login(client, world, "admin").get(URL, {"object_id": str(world.people["jobseeker"].pk)})
    assert _shown_ids(response) == [log["next_day"].pk]


def test_it_reads_the_date_range_as_shanghai_calendar_days(
    client: Client, world: World, log: dict[str, AuditEntry]
) -> None:
    # 2026-11-29 23:30 in Shanghai is 15:30 UTC; 2026-12-01 00:05 is still 11-30 in UTC.
    response = _login(client, world, "admin").get(URL, {"date_from": "2026-11-30", "date_to": "2026-11-30"})
    assert _shown_ids(response) == [log["morning"].pk]
    response = client.get(URL, {"date_from": "2026-11-30"})
    assert _shown_ids(response) == [log["next_day"].pk, log["morning"].pk]
    response = client.get(URL, {"date_to": "2026-11-29"})
    assert _shown_ids(response) == [log["late_evening"].pk]


def test_it_explains_a_reversed_date_range_in_chinese(client: Client, world: World, log: dict[str, AuditEntry]) -> None:
    response = _login(client, world, "admin").get(URL, {"date_from": "2026-12-01", "date_to": "2026-11-30"})
    assert response.status_code == 400  # a form sent back with errors
    assert "结束日期不能早于开始日期" in response.content.decode()
    assert _shown_ids(response) == []


def test_it_labels_every_filter_field(client: Client, world: World, log: dict[str, AuditEntry]) -> None:
    body = _login(client, world, "admin").get(URL).content.decode()
    for name in ("action", "object_type", "actor_name", "object_id", "date_from", "date_to"):
        assert f'<label class="form-label" for="id_{name}">' in body
    assert 'type="date"' in body


def test_it_paginates_and_keeps_the_filters_in_the_page_links(client: Client, world: World, settings: Settings) -> None:
    settings.JIEDAO_PAGE_SIZE = 3
    entries = [audit.record(actor=world.users["admin"], action="reveal", obj=world.people["worker"]) for _ in range(7)]
    _login(client, world, "admin")
    first = client.get(URL, {"action": "reveal"})
    assert _shown_ids(first) == [e.pk for e in reversed(entries)][:3]
    assert "action=reveal&amp;page=2" in first.content.decode()
    query: dict[str, str | int] = {"action": "reveal", "page": 3}
    last = client.get(URL, query)
    assert _shown_ids(last) == [entries[0].pk]


@pytest.mark.parametrize("name", ["union", "labour"])
def test_it_opens_for_every_office_role(client: Client, world: World, name: str) -> None:
    assert _login(client, world, name).get(URL).status_code == 200


@pytest.mark.parametrize("name", ["worker", "jobseeker", "xiuyuan", "zhonghong", "jiachun", "counsellor"])
def test_it_refuses_residents_chairs_and_counsellors(client: Client, world: World, name: str) -> None:
    assert _login(client, world, name).get(URL).status_code == 403


def test_it_sends_anonymous_visitors_to_the_login_page(client: Client, world: World) -> None:
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_it_offers_no_way_to_change_or_delete_entries(
    client: Client, world: World, log: dict[str, AuditEntry], method: str
) -> None:
    _login(client, world, "admin")
    response = getattr(client, method)(URL, {"id": log["morning"].pk})
    assert response.status_code == 405
    assert AuditEntry.objects.count() == 4
    body = client.get(URL).content.decode()
    assert 'method="post"' not in body.split("<main", 1)[1].split("</main>")[0]


def _add_entries(world: World, count: int) -> None:
    AuditEntry.objects.bulk_create(
        AuditEntry(
            subdistrict=world.liangcheng,
            actor_name="admin",
            action="reveal",
            object_type="people.person",
            object_id=str(i),
            object_repr=f"人员{i}",
            detail={"field": "phone"},
            client_address="127.0.0.1",
        )
        for i in range(count)
    )


def test_it_keeps_a_constant_number_of_queries_at_10_and_500_entries(
    client: Client, world: World, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    client.login(username="admin", password=PASSWORD)
    _add_entries(world, 10)
    with CaptureQueriesContext(connection) as small:
        assert client.get(URL).status_code == 200
    _add_entries(world, 490)
    with django_assert_num_queries(len(small)):
        response = client.get(URL)
    assert response.context["page"].paginator.count == 500
    # session, user with their role assignments, object types, count, page
    assert len(small) == 5
