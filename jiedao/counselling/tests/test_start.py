"""Counsellors and their supervisor land on their own work, not on the registry."""

import pytest
from django.test import Client
from django.urls import reverse

from jiedao.testing import World


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "where"),
    [("counsellor", "counselling:caseload"), ("supervisor", "counselling:record_list")],
)
def test_the_home_page_sends_them_to_their_work(client: Client, world: World, who: str, where: str) -> None:
    client.force_login(world.users[who])
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"] == reverse(where)
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.django_db
def test_an_office_starts_on_its_dashboard(client: Client, world: World) -> None:
    client.force_login(world.users["admin"])
    assert "counselling" not in client.get(reverse("home")).get("Location", "")
