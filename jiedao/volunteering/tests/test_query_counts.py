"""Constant queries whatever the row count: every list page and the list endpoint
are measured with few rows and with many, and pinned."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries, Settings

from jiedao.accounts.tokens import token_issue
from jiedao.testing import PASSWORD, make_person, numbered
from jiedao.volunteering.models import Certificate, Claim, Need, ServiceRecord
from jiedao.volunteering.tests.conftest import VolunteeringSetup, add_shift

pytestmark = pytest.mark.django_db
PAGE_SIZE = 5


def _grow(vol: VolunteeringSetup, n: int) -> None:
    """``n`` more upcoming shifts claimed by the worker, ``n`` past ones with a
    pending record of someone, ``n`` needs."""
    w = vol.world
    now = timezone.now()
    for i in range(n):
        upcoming = add_shift(vol.task, now + dt.timedelta(days=4, hours=i), capacity=3, claimed=1)
        Claim.objects.create(subdistrict=w.liangcheng, shift=upcoming, person=w.people["worker"])
        past = add_shift(vol.task, now - dt.timedelta(days=4, hours=i), capacity=3, claimed=1)
        person = make_person(w.liangcheng, numbered("志愿者", i))
        claim = Claim.objects.create(subdistrict=w.liangcheng, shift=past, person=person)
        ServiceRecord.objects.create(subdistrict=w.liangcheng, claim=claim, source="reported", hours=Decimal(1))
        Need.objects.create(subdistrict=w.liangcheng, residential_area=w.xiuyuan, title=f"需求{i}")
        Certificate.objects.create(
            subdistrict=w.liangcheng,
            number=f"ZY2026-Q{i:09d}",
            person=person,
            name=person.name,
            id_number_masked="**************1230",
            period_start=dt.date(2020, 1, 1),
            period_end=dt.date(2020, 12, 31),
            hours=Decimal(1),
            content="社区助老陪伴（1次，1小时）",
            volunteer_number=f"ZY0001{i:08d}",
            issuer_name="凉城新村街道党群服务中心",
            person_in_charge="陈懿",
            handler="张敏",
            issuer_contact="021-65550000",
            issued_on=dt.date(2021, 1, 5),
            revoked_at=now if i % 2 else None,
            revoked_reason="更正" if i % 2 else "",
            revoked_by=w.users["centre"] if i % 2 else None,
        )


PAGES: list[tuple[str, str, str, int]] = [
    ("worker", "volunteering:index", "", 6),
    ("worker", "volunteering:mine", "", 7),
    ("centre", "volunteering:tasks", "", 5),
    ("centre", "volunteering:task", "TASK", 5),
    ("centre", "volunteering:shift", "PAST", 5),
    ("centre", "volunteering:records", "", 4),
    ("centre", "volunteering:needs", "", 4),
    ("centre", "volunteering:certificates", "", 4),
]


@pytest.mark.parametrize(("who", "name", "arg", "expected"), PAGES)
@pytest.mark.parametrize("size", [1, 8])
def test_pages(
    client: Client,
    vol: VolunteeringSetup,
    settings: Settings,
    django_assert_num_queries: DjangoAssertNumQueries,
    who: str,
    name: str,
    arg: str,
    expected: int,
    size: int,
) -> None:
    settings.JIEDAO_PAGE_SIZE = PAGE_SIZE
    _grow(vol, size)
    assert client.login(username=who, password=PASSWORD)
    args = {"TASK": [vol.task.pk], "PAST": [vol.past.pk]}.get(arg, [])
    client.get(reverse(name, args=args))  # the session's first request updates it
    with django_assert_num_queries(expected):
        assert client.get(reverse(name, args=args)).status_code == 200


@pytest.mark.parametrize("size", [1, 8])
def test_shift_list_endpoint(
    client: Client, vol: VolunteeringSetup, django_assert_num_queries: DjangoAssertNumQueries, size: int
) -> None:
    raw, _token = token_issue(user=vol.world.users["jobseeker"])
    bearer: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    client.get("/api/v1/volunteering/shifts", **bearer)  # the token's first use writes its last-used time
    _grow(vol, size)
    with django_assert_num_queries(3):
        assert client.get("/api/v1/volunteering/shifts", {"limit": PAGE_SIZE}, **bearer).status_code == 200
