"""A service's ``DomainError`` in the API: one status per class (``domain_status``),
answered in the one error shape ``{"code", "message", "details"}``."""

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from ninja import NinjaAPI
from ninja.testing import TestClient

from jiedao.accounts.tokens import token_issue
from jiedao.activities import qr
from jiedao.activities.tests.helpers import meeting, session_of
from jiedao.api import errors
from jiedao.core.errors import Conflict, DomainError, Forbidden, Invalid, NotFound
from jiedao.counselling.services.errors import SlotTaken
from jiedao.testing import World


class Taken(Conflict):
    code = "taken"


class Refused(DomainError):
    """A refusal with no status of its own."""


class ForgedAndTaken(Invalid, Conflict):
    """Both: the first in the class's MRO wins."""


# domain_status ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (Invalid("x"), 400),
        (Forbidden("x"), 403),
        (NotFound("x"), 404),
        (Conflict("x"), 409),
        (DomainError("x"), 422),
        (Taken("x"), 409),
        (Refused("x"), 422),
        (ForgedAndTaken("x"), 400),
    ],
)
def test_domain_status_of_each_class(error: DomainError, status: int) -> None:
    assert errors.domain_status(error) == status


def test_a_counselling_refusal_is_a_conflict() -> None:
    assert errors.domain_status(SlotTaken(alternatives=[])) == 409


# DomainError itself -----------------------------------------------------------------


def test_each_class_has_its_code_and_a_raise_may_name_another() -> None:
    assert [cls("x").code for cls in (DomainError, NotFound, Forbidden, Conflict, Invalid, Taken, Refused)] == [
        "refused",
        "not_found",
        "forbidden",
        "conflict",
        "invalid",
        "taken",
        "refused",
    ]
    error = Conflict("名额已满。", code="full", details={"capacity": 30}, field="session")
    assert (error.code, error.message, error.details, error.field, str(error)) == (
        "full",
        "名额已满。",
        {"capacity": 30},
        "session",
        "名额已满。",
    )
    assert Conflict.code == "conflict"  # the class keeps its own


def test_details_default_to_a_fresh_empty_dict() -> None:
    first, second = DomainError("a"), DomainError("b")
    first.details["k"] = 1

    assert second.details == {}
    assert first.field is None


# the handler, through a throwaway API -------------------------------------------------

RAISED: dict[str, Callable[[], Exception]] = {
    "invalid": lambda: Invalid("签到码无效。", code="token_invalid"),
    "forbidden": lambda: Forbidden("无权执行。"),
    "not_found": lambda: NotFound("不存在。", details={"id": 7}),
    "conflict": lambda: Conflict("已被预约。", details={"alternatives": [1, 2]}),
    "taken": lambda: Taken("已被占用。"),
    "refused": lambda: Refused("不可执行。"),
    "domain": lambda: DomainError("不可执行。", code="closed", field="title"),
}

api = NinjaAPI(urls_namespace="test-domain-errors", auth=None)
errors.install(api)


@api.get("/raise/{kind}")
def raise_error(request: Any, kind: str) -> None:
    raise RAISED[kind]()


@pytest.fixture
def ninja() -> TestClient:
    return TestClient(api)


@pytest.mark.parametrize(
    ("kind", "status", "code", "message", "details"),
    [
        ("invalid", 400, "token_invalid", "签到码无效。", {}),
        ("forbidden", 403, "forbidden", "无权执行。", {}),
        ("not_found", 404, "not_found", "不存在。", {"id": 7}),
        ("conflict", 409, "conflict", "已被预约。", {"alternatives": [1, 2]}),
        ("taken", 409, "taken", "已被占用。", {}),
        ("refused", 422, "refused", "不可执行。", {}),
        ("domain", 422, "closed", "不可执行。", {}),
    ],
)
def test_the_handler_answers_in_the_one_shape(
    ninja: TestClient, kind: str, status: int, code: str, message: str, details: dict[str, Any]
) -> None:
    response = ninja.get(f"/raise/{kind}")

    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"code": code, "message": message, "details": details}


# the handler, through real endpoints --------------------------------------------------


def test_a_forged_sign_in_token_is_400_token_invalid(client: Client, world: World) -> None:
    session = session_of(world, meeting(world))
    raw, _ = token_issue(user=world.users["worker"])

    response = client.post(
        f"/api/v1/activities/sessions/{session.pk}/sign-in",
        {"token": "forged:token"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {raw}"},
    )

    assert response.status_code == 400
    assert response.json() == {
        "code": "token_invalid",
        "message": "无效的签到码，请扫描现场屏幕上的二维码。",
        "details": {},
    }


def test_a_subclass_of_conflict_from_a_service_is_409(client: Client, world: World) -> None:
    session = session_of(world, meeting(world))
    raw, _ = token_issue(user=world.users["union"])  # an account with no person to sign in as

    response = client.post(
        f"/api/v1/activities/sessions/{session.pk}/sign-in",
        {"token": qr.issue(session.pk).value},
        content_type="application/json",
        headers={"Authorization": f"Bearer {raw}"},
    )

    assert response.status_code == 409
    body = response.json()
    assert set(body) == {"code", "message", "details"}
    assert body["code"] == "no_person" and body["message"] and body["details"] == {}
