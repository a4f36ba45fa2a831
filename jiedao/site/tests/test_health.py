from unittest import mock

from django.db import DatabaseError
from django.test import Client


def test_it_reports_ok_when_the_database_answers(client: Client, db: None) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_it_returns_503_with_a_reason_when_the_database_is_unreachable(client: Client, db: None) -> None:
    with mock.patch("jiedao.site.views.connection.cursor", side_effect=DatabaseError("connection refused")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"
    assert response.json()["reason"] == "the database did not answer"
    assert "connection refused" not in response.content.decode()  # internals stay in the log
