"""Django's database sessions, the session read by one hand-written statement
(``core.handsql``): every page reads it, and the ORM's ``get`` cost ten times the read.

    SESSION_ENGINE = "jiedao.accounts.sessions"
"""

from functools import cache
from typing import Any

from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.db import connections, router
from django.utils import timezone

from jiedao.core.handsql import Columns

SESSION = Columns(Session, "s", only=("session_data",))


@cache
def _statement(using: str) -> str:
    connection = connections[using]
    # Names from the model, the key as a parameter.
    key, expiry = SESSION.column("session_key", connection), SESSION.column("expire_date", connection)
    return (
        f"SELECT {SESSION.select(connection)} FROM {SESSION.table(connection)}"  # noqa: S608
        f" WHERE {key} = %s AND {expiry} > %s"
    )


class SessionStore(db.SessionStore):
    def _get_session_from_db(self) -> Any:
        using = router.db_for_read(Session)
        connection = connections[using]
        with connection.cursor() as cursor:
            now = connection.ops.adapt_datetimefield_value(timezone.now())
            cursor.execute(_statement(using), [self.session_key, now])
            row = cursor.fetchone()
        if row is None:  # none, or expired: a new session (as Django's own store does)
            self._session_key = None
            return None
        return SESSION.load(row, 0, using)
