"""/api/v1/dues: the ledger of a year, statement import, the shortlist."""

from typing import Any

import pytest
from django.test import Client

from jiedao.accounts.tokens import token_issue
from jiedao.dues.models import DuesPayment
from jiedao.dues.tests.conftest import DuesSetup, statement
from jiedao.testing import World


def auth(world: World, key: str) -> dict[str, str]:
    raw, _ = token_issue(user=world.users[key])
    return {"Authorization": f"Bearer {raw}"}


def test_assessments_of_a_year_with_money_as_decimal_strings(
    client: Client, world: World, dues: DuesSetup, django_assert_num_queries: Any
) -> None:
    headers = auth(world, "union")
    client.get("/api/v1/dues/assessments?year=2019", headers=headers)  # the token's first use
    with django_assert_num_queries(3):  # token with the actor's roles, page, count
        response = client.get("/api/v1/dues/assessments?year=2019", headers=headers)
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 2
    gongzhi = next(i for i in data["items"] if i["unit"]["id"] == world.gongzhi.pk)
    assert {k: gongzhi[k] for k in ("credit_code", "payroll_base", "assessed", "paid", "arrears")} == {
        "credit_code": world.gongzhi.credit_code,
        "payroll_base": "2000000.00",
        "assessed": "40000.00",
        "paid": "10000.00",
        "arrears": "30000.00",
    }


def test_a_chair_gets_their_own_units_row(client: Client, world: World, dues: DuesSetup) -> None:
    data = client.get("/api/v1/dues/assessments?year=2019", headers=auth(world, "jiachun")).json()
    assert [i["unit"]["name"] for i in data["items"]] == [world.jiachun.name]


def test_a_statement_posted_twice_adds_its_payments_once(client: Client, world: World, dues: DuesSetup) -> None:
    rows = [[world.gongzhi.credit_code, 2019, "2019-08-01", "100.00", "API-1"]]
    for created, unchanged in ((1, 0), (0, 1)):
        upload = statement(rows)
        upload.name = "statement.xlsx"
        response = client.post(
            "/api/v1/dues/statements", {"channel": "tax", "file": upload}, headers=auth(world, "union")
        )
        assert response.status_code == 201, response.content
        assert response.json() == {"rows": 1, "created": created, "unchanged": unchanged}
    assert DuesPayment.objects.filter(reference="API-1").count() == 1


def test_a_bad_statement_answers_400_with_every_bad_row(client: Client, world: World, dues: DuesSetup) -> None:
    rows = [
        [world.gongzhi.credit_code, 2019, "2019-08-01", "abc", "API-2"],
        ["123", 2019, "2019-08-01", "1", "API-3"],
    ]
    upload = statement(rows)
    upload.name = "statement.xlsx"
    response = client.post("/api/v1/dues/statements", {"channel": "tax", "file": upload}, headers=auth(world, "union"))
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert [(e["row"], e["column"]) for e in body["details"]["errors"]] == [(2, "金额"), (3, "统一社会信用代码")]
    assert not DuesPayment.objects.filter(reference__startswith="API").exists()


@pytest.mark.parametrize("year", ["", "1900", "abc"])
def test_a_year_must_be_a_year(client: Client, world: World, year: str) -> None:
    response = client.get(f"/api/v1/dues/shortlist?year={year}", headers=auth(world, "union"))
    assert response.status_code == 422


def test_the_shortlist_with_reasons(client: Client, world: World, dues: DuesSetup) -> None:
    data = client.get("/api/v1/dues/shortlist?year=2019", headers=auth(world, "admin")).json()
    assert data["count"] == 1
    (entry,) = data["items"]
    assert entry["unit"] == {"id": world.jiachun.pk, "name": world.jiachun.name}
    assert entry["rank"] == 1 and len(entry["reasons"]) == 2
