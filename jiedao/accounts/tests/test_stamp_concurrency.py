"""A full save of a copy of a user loaded before one of their roles was revoked, made
while the revocation's transaction is still open: the save waits for it and keeps its
new stamp, so the sessions it ended stay ended (``User.save`` reads the stored row
under a lock). Real threads, on PostgreSQL: SQLite lets one writer in at a time, so
there the two cannot overlap."""

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from threading import Event
from typing import TypeVar

import pytest
from django.db import connection, transaction

from jiedao.accounts.models import User, end_sessions_and_tokens
from jiedao.testing import build_world

T = TypeVar("T")
# How long a thread may wait for the other before the test gives up (not a timing
# assertion: each step happens in milliseconds, this only stops a hung run).
PATIENCE = 60.0

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="two writers overlap on PostgreSQL only")


def own_connection(work: Callable[[], T]) -> Callable[[], T]:
    """``work`` in a thread, which has its own database connection: closed at the end."""

    def run() -> T:
        try:
            return work()
        finally:
            connection.close()

    return run


def until_a_session_waits_for_a_lock() -> None:
    """Polls the server until another session of this database waits for a lock."""
    deadline = time.monotonic() + PATIENCE
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            # pg_locks, not pg_stat_activity: the latter is read once per transaction.
            cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
            if cursor.fetchone()[0]:
                return
            time.sleep(0.01)
    raise AssertionError("the save never waited for the revocation")


@pytest.mark.django_db(transaction=True)
def test_a_stale_full_save_during_a_revocation_keeps_the_new_stamp() -> None:
    user = build_world().users["xiuyuan"]
    stale = User.objects.get(pk=user.pk)  # loaded before the revocation
    revoking = Event()

    def revoke() -> str:
        with transaction.atomic():
            stamp = end_sessions_and_tokens(User.objects.filter(pk=user.pk))
            revoking.set()
            until_a_session_waits_for_a_lock()  # the save below, blocked by this row's lock
            return stamp

    def save_stale_copy() -> None:
        assert revoking.wait(PATIENCE)
        stale.display_name = "秀苑工会主席"
        stale.save()

    with ThreadPoolExecutor(max_workers=2) as pool:
        revoked = pool.submit(own_connection(revoke))
        saved = pool.submit(own_connection(save_stale_copy))
        new_stamp = revoked.result(timeout=PATIENCE)
        saved.result(timeout=PATIENCE)

    stored = User.objects.get(pk=user.pk)
    assert stored.display_name == "秀苑工会主席"
    assert stored.security_stamp == new_stamp
