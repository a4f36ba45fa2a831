import json
from typing import Any

import pytest
from django.test import Client

from jiedao.accounts.tokens import token_issue
from jiedao.testing import World
from jiedao.unions.models import MembershipStatus
from jiedao.unions.tests.conftest import UnionsSetup

pytestmark = pytest.mark.django_db


def call(client: Client, world: World, persona: str, method: str, path: str, data: Any = None) -> Any:
    raw, _ = token_issue(user=world.users[persona])
    return client.generic(
        method,
        "/api/v1/unions" + path,
        data=json.dumps(data) if data is not None else "",
        content_type="application/json",
        headers={"Authorization": f"Bearer {raw}"},
    )


def test_union_list_in_scope(
    client: Client, world: World, unions: UnionsSetup, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(8):
        body = call(client, world, "union", "get", "").json()
    assert body["count"] == 4
    jiachun = next(u for u in body["items"] if u["kind"] == "enterprise")
    assert jiachun["unit"]["name"] == world.jiachun.name and jiachun["members"] == 1
    assert jiachun["parent"]["name"] == "秀苑居民区联合工会"
    names = {u["name"] for u in call(client, world, "zhonghong", "get", "").json()["items"]}
    assert names == {"中虹居民区联合工会"}
    assert call(client, world, "jiachun", "get", "?kind=joint").json()["count"] == 0


def test_coverage(client: Client, world: World, unions: UnionsSetup, django_assert_max_num_queries: Any) -> None:
    with django_assert_max_num_queries(7):
        body = call(client, world, "admin", "get", "/coverage?year=2026").json()
    xiuyuan = next(r for r in body["items"] if r["residential_area"] and r["residential_area"]["name"] == "秀苑")
    assert xiuyuan["enterprises"] == xiuyuan["with_union"] + xiuyuan["covered"] + xiuyuan["uncovered"] == 3
    assert xiuyuan["organised_rate"] == "66.7"
    assert call(client, world, "xiuyuan", "get", "/coverage").json()["count"] == 1
    assert call(client, world, "union", "get", "/coverage?year=1800").status_code == 422


def test_apply_and_decide(client: Client, world: World, unions: UnionsSetup) -> None:
    person = world.people["zhonghong_worker"]
    person.is_worker = True
    person.user = world.users["jobseeker"]
    world.people["jobseeker"].user = None
    world.people["jobseeker"].save()
    person.save()
    answer = call(client, world, "jobseeker", "post", "/applications", {})
    assert answer.status_code == 201, answer.content
    app = answer.json()
    assert app["union"]["name"] == "中虹居民区联合工会" and app["status"] == MembershipStatus.PENDING_UNION
    again = call(client, world, "jobseeker", "post", "/applications", {})
    assert again.status_code == 409 and again.json()["code"] == "already_applied"
    path = f"/applications/{app['id']}/decision"
    assert call(client, world, "union", "post", path, {"approve": True}).status_code == 403
    no_reason = call(client, world, "zhonghong", "post", path, {"approve": False})
    assert no_reason.status_code == 422 and no_reason.json()["code"] == "reason_required"
    assert call(client, world, "zhonghong", "post", path, {"approve": True}).json()["status"] == "pending_federation"
    done = call(client, world, "union", "post", path, {"approve": True, "reason": ""}).json()
    assert done["status"] == "active" and done["card_number"]


def test_an_unknown_union_is_refused(client: Client, world: World, unions: UnionsSetup) -> None:
    answer = call(client, world, "worker", "post", "/applications", {"union": unions.federation.pk})
    assert answer.status_code == 422 and answer.json()["code"] == "invalid_union"
    answer = call(client, world, "worker", "post", "/applications", {})
    assert answer.status_code == 201 and answer.json()["union"]["name"] == "嘉春公司工会"
