from unittest import mock

from django.test import Client

from jiedao.accounts.tokens import token_issue
from jiedao.testing import World


def test_an_unexpected_error_still_answers_in_the_error_shape(client: Client, world: World) -> None:
    raw, _ = token_issue(user=world.users["admin"])
    with mock.patch("jiedao.api.main.token_user", side_effect=RuntimeError("boom")):
        response = client.get("/api/v1/people", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 500
    assert response.json()["code"] == "server_error"
    assert "boom" not in response.content.decode()


def test_an_overlong_party_branch_is_a_field_error_not_a_crash(client: Client, world: World) -> None:
    raw, _ = token_issue(user=world.users["admin"])
    body = {
        "name": "周凉城",
        "id_number": "310109198005041230",
        "roles": ["is_party_member"],
        "party_branch": "支" * 101,
    }
    response = client.post(
        "/api/v1/people", body, content_type="application/json", headers={"Authorization": f"Bearer {raw}"}
    )
    assert response.status_code == 400
    assert "party_branch" in response.json()["details"]
