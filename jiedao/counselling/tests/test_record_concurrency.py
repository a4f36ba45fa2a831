"""Two saves of one appointment's first record at the same moment (a double submit):
one creates, the other updates, one record in the end. Real threads, on SQLite (a
file copy of the test database, see ``_file_database``) and PostgreSQL."""

import sqlite3
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import connection

from jiedao.accounts.actor import actor_for
from jiedao.core.models import AuditEntry
from jiedao.counselling import records
from jiedao.counselling.models import SessionRecord
from jiedao.testing import build_world
from tests.access.counselling_records import records_world

THREADS = 4


@contextmanager
def _file_database() -> Iterator[None]:
    """SQLite's in-memory test database uses a shared cache whose table locks fail at
    once instead of waiting; run the block on a file copy, as production would."""
    if connection.vendor != "sqlite":
        yield
        return
    connection.ensure_connection()
    memory = connection.connection
    saved = connection.settings_dict["NAME"]
    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder) / "records.sqlite3")
        target = sqlite3.connect(path)
        memory.backup(target)
        target.close()
        connection.connection = None
        connection.settings_dict["NAME"] = path
        try:
            yield
        finally:
            connection.close()
            connection.settings_dict["NAME"] = saved
            connection.connection = memory


def _in_threads(calls):
    barrier = threading.Barrier(len(calls))
    results: list[object] = [None] * len(calls)

    def worker(i, call):
        try:
            barrier.wait(timeout=10)
            results[i] = call()
        except Exception as exc:
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


@pytest.mark.django_db(transaction=True)
def test_simultaneous_first_saves_make_one_record():
    world = build_world()
    rw = records_world(world)
    SessionRecord.objects.all().delete()
    actor = actor_for(world.users["counsellor"])
    appointment = rw["own"]
    with _file_database():
        results = _in_threads(
            [
                lambda i=i: records.record_save(
                    actor=actor, appointment=appointment, notes=f"第{i}稿", topics=["family"], risk_level="low"
                )
                for i in range(THREADS)
            ]
        )
        assert all(isinstance(r, SessionRecord) for r in results), results
        assert SessionRecord.objects.filter(appointment_id=appointment.pk).count() == 1
        actions = list(
            AuditEntry.objects.filter(object_type="counselling.sessionrecord").values_list("action", flat=True)
        )
        assert actions.count(AuditEntry.Action.CREATE) == 1
