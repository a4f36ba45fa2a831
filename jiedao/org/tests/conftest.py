import pytest

from jiedao.accounts.tokens import token_issue


@pytest.fixture
def api_as(client):
    """``api_as(user)`` gives a client whose requests carry the user's bearer token."""

    class ApiClient:
        def __init__(self, user):
            raw, _ = token_issue(user=user)
            self.headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

        def get(self, path, **params):
            return client.get(f"/api/v1/org{path}", params, **self.headers)

        def post(self, path, data):
            return client.post(f"/api/v1/org{path}", data, content_type="application/json", **self.headers)

        def patch(self, path, data):
            return client.patch(f"/api/v1/org{path}", data, content_type="application/json", **self.headers)

    return ApiClient
