"""Case pages are ``signed_in`` (the worker reads their own case), so the ``staff``
policy's second-factor gate does not guard them: ``fresh_for_residents`` does."""

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django import Settings

from jiedao.legalaid.tests.factories import OWN_SUMMARY, legal_aid_of
from jiedao.testing import World

pytestmark = pytest.mark.django_db


def test_a_session_without_its_second_factor_reads_no_case(client: Client, world: World, settings: Settings) -> None:
    settings.JIEDAO_REQUIRE_SECOND_FACTOR = True
    built = legal_aid_of(world)
    client.force_login(world.users["legalsup"])  # signed in, second factor never shown
    for url in (
        reverse("legalaid:index"),
        reverse("legalaid:open"),
        reverse("legalaid:detail", args=[built.own.pk]),
        reverse("legalaid:document", args=[built.document.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert "second-factor" in response["Location"], url
        assert OWN_SUMMARY not in response.content.decode()


def test_the_worker_still_reads_their_own_case(client: Client, world: World, settings: Settings) -> None:
    # A resident's role needs no second factor: a fresh sign-in is their proof.
    settings.JIEDAO_REQUIRE_SECOND_FACTOR = True
    built = legal_aid_of(world)
    client.force_login(world.users["worker"])
    assert OWN_SUMMARY in client.get(reverse("legalaid:detail", args=[built.own.pk])).content.decode()
