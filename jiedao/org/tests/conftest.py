import pytest
from django.test import Client

from jiedao.org.tests.helpers import ApiAs, ApiClient


@pytest.fixture
def api_as(client: Client) -> ApiAs:
    """``api_as(user)`` gives a client whose requests carry the user's bearer token."""
    return lambda user: ApiClient(client, user)
