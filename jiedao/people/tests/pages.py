"""Helpers shared by the tests of the people pages."""

import datetime as dt
import re
from collections.abc import Callable
from typing import Any, TypeAlias

from django.test import Client

from jiedao.core.models import AuditEntry
from jiedao.people.models import Person
from jiedao.people.services import person_values
from jiedao.testing import ClientResponse, World, make_id_number, numbered

# ``login("admin")``: the test client, signed in as that persona (the ``login`` fixture).
LoginAs: TypeAlias = Callable[[str], Client]


def html(response: ClientResponse) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def field_errors(page: str, field: str) -> str:
    """The text of the error block the form renders under ``field``."""
    match = re.search(rf'id="id_{field}_error">(.*?)</div>\s*</div>', page, re.S)
    return re.sub(r"<[^>]+>", " ", match.group(1)) if match else ""


def audit(person: Person) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(object_type="people.person", object_id=str(person.pk)).order_by("id"))


def bulk_people(world: World, size: int) -> None:
    Person.objects.bulk_create(
        Person(
            **person_values(
                subdistrict_id=world.liangcheng.pk,
                name=numbered("测试", i, 4),
                id_number=make_id_number(birth=dt.date(1960, 1, 1) + dt.timedelta(days=i)),
                phone=f"139{i:08d}",
                residential_area=world.xiuyuan if i % 2 else world.zhonghong,
                employer=world.gongzhi,
                roles={"is_worker", "is_union_member"},
            )
        )
        for i in range(size)
    )


def form_data(world: World, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": "周凉城",
        "gender": "",
        "id_number": make_id_number(birth=dt.date(1990, 2, 3), male=True),
        "phone": "13611112222",
        "residential_area": world.xiuyuan.pk,
        "employer": "",
        "roles": ["is_worker", "is_volunteer"],
        "party_category": "",
        "party_branch": "",
    }
    data.update(overrides)
    return data


def options(page: str, name: str) -> set[str]:
    """The non-empty option values of the select named ``name``."""
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', page, re.S)
    assert select, name
    return set(re.findall(r'<option value="(\d+)"', select.group(1)))


def refused(response: ClientResponse) -> str:
    """The page of a form sent back with errors (answered 400)."""
    assert response.status_code == 400, response.status_code
    return response.content.decode()
