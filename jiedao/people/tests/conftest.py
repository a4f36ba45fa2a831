import pytest
from django.test import Client

from jiedao.people.tests.pages import LoginAs
from jiedao.testing import World


@pytest.fixture
def login(client: Client, world: World) -> LoginAs:
    def as_persona(persona: str) -> Client:
        client.force_login(world.users[persona])
        return client

    return as_persona
