"""The org API as a given user calls it, for the ``api_as`` fixture of conftest.py."""

from collections.abc import Callable
from typing import Any, TypeAlias

from django.test import Client

from jiedao.accounts.models import User
from jiedao.accounts.tokens import token_issue
from jiedao.testing import ClientResponse


class ApiClient:
    """A client whose requests to ``/api/v1/org`` carry the user's bearer token."""

    def __init__(self, client: Client, user: User) -> None:
        raw, _ = token_issue(user=user)
        self.client = client
        self.headers: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

    def get(self, path: str, **params: Any) -> ClientResponse:
        return self.client.get(f"/api/v1/org{path}", params, **self.headers)

    def post(self, path: str, data: dict[str, Any]) -> ClientResponse:
        return self.client.post(f"/api/v1/org{path}", data, content_type="application/json", **self.headers)

    def patch(self, path: str, data: dict[str, Any]) -> ClientResponse:
        return self.client.patch(f"/api/v1/org{path}", data, content_type="application/json", **self.headers)


# ``api_as(user)``: the org API, called with a token of that user.
ApiAs: TypeAlias = Callable[[User], ApiClient]
