"""A service's NotFound and Forbidden, raised under any page, answer 404 and 403."""

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import path

from config.urls import urlpatterns as site_urlpatterns
from jiedao.core.errors import Conflict, Forbidden, NotFound


def _missing(request: HttpRequest) -> HttpResponse:
    raise NotFound("该记录不存在。")


def _refused(request: HttpRequest) -> HttpResponse:
    raise Forbidden("无权修改此记录。")


def _conflict(request: HttpRequest) -> HttpResponse:
    raise Conflict("名额已满。")


# The site's own patterns too: the error pages link to them.
urlpatterns = [path("missing", _missing), path("refused", _refused), path("conflict", _conflict), *site_urlpatterns]

pytestmark = [pytest.mark.urls(__name__), pytest.mark.django_db]


def test_not_found_is_the_404_page(client: Client) -> None:
    response = client.get("/missing")
    assert response.status_code == 404
    assert "该记录不存在" not in response.content.decode()  # the 404 page says nothing of what was asked


def test_forbidden_is_the_403_page(client: Client) -> None:
    response = client.get("/refused")
    assert response.status_code == 403


def test_any_other_domain_error_is_left_to_the_view() -> None:
    """A conflict belongs on the form that caused it (``run_service``); one that escapes
    a view is a bug of that view and must not be disguised as a refusal."""
    client = Client(raise_request_exception=True)
    with pytest.raises(Conflict):
        client.get("/conflict")
