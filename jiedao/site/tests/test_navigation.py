"""The navigation bar shows each programme's links to those who may open them
(``AppConfig.navigation``, ``jiedao.core.navigation``)."""

from django.test import Client
from django.urls import reverse

from jiedao.testing import World


def _links(client: Client) -> str:
    return client.get(reverse("home"), follow=True).content.decode()


def test_the_registry_and_activities_links_follow_the_roles(client: Client, world: World) -> None:
    client.force_login(world.users["admin"])
    page = _links(client)
    assert f'href="{reverse("people:list")}"' in page
    assert f'href="{reverse("activities:list")}"' in page
    assert f'href="{reverse("meetings:index")}"' in page

    client.force_login(world.users["counsellor"])  # no registry, organises nothing
    page = _links(client)
    assert f'href="{reverse("people:list")}"' not in page
    assert f'href="{reverse("activities:list")}"' not in page
    assert f'href="{reverse("meetings:index")}"' in page


def test_a_resident_gets_only_the_links_for_their_own_things(client: Client, world: World) -> None:
    client.force_login(world.users["worker"])
    page = _links(client)
    assert f'href="{reverse("activities:mine")}"' in page
    assert f'href="{reverse("counselling:index")}"' in page
    assert f'href="{reverse("meetings:index")}"' not in page
    assert f'href="{reverse("people:list")}"' not in page


def test_nobody_signed_out_gets_programme_links(client: Client, db: None) -> None:
    page = _links(client)
    assert f'href="{reverse("activities:mine")}"' not in page


def test_staff_begin_where_their_programme_says(client: Client, world: World) -> None:
    # A legal-aid handler sees nobody in the registry: their caseload is their start.
    client.force_login(world.users["handler"])
    assert client.get(reverse("home"))["Location"] == reverse("legalaid:index")
    client.force_login(world.users["admin"])  # an office: the registry dashboard
    assert client.get(reverse("home"))["Location"] == reverse("people:dashboard")
