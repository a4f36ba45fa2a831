"""The deploy check warns when PostgreSQL compiles queries just in time."""

import pytest
from django.db import connection

from jiedao.core.checks import check_postgresql_jit

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL setting"),
]


def test_jit_on_is_warned_of_and_off_passes() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SET jit = off")
        assert check_postgresql_jit(databases=["default"]) == []
        cursor.execute("SET jit = on")
        try:
            messages = check_postgresql_jit(databases=["default"])
        finally:
            cursor.execute("SET jit = off")
    assert [m.id for m in messages] == ["jiedao.W005"]


def test_no_database_asked_for_is_no_query() -> None:
    assert check_postgresql_jit(databases=None) == []
