"""One attendance per person per session, however many sign-ins race: real
threads, real transactions, on SQLite and on PostgreSQL."""

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection, connections

from jiedao.activities import services
from jiedao.activities.models import Attendance
from jiedao.activities.tests.helpers import meeting, session_of
from jiedao.testing import build_world

THREADS = 8


def in_thread(fn: Callable[[], Any]) -> Any:
    """Run ``fn`` on a thread of its own (its own connection) and return its result."""
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["result"] = fn()
        except BaseException as exc:
            box["error"] = exc
        finally:
            connections.close_all()

    t = threading.Thread(target=run)
    t.start()
    t.join(timeout=60)
    if "error" in box:
        raise box["error"]
    return box["result"]


@pytest.fixture
def thread_database(tmp_path: Path) -> Iterator[bool]:
    """Where the threads' connections go. On SQLite the suite's in-memory
    database uses a shared cache, whose table locks fail at once instead of
    waiting; the threads use a file instead, which behaves like the deployed
    database (WAL, ``BEGIN IMMEDIATE``, a busy timeout). Yields whether the
    threads must migrate it first."""
    if connection.vendor != "sqlite":
        yield False
        return
    settings_dict = connections.settings["default"]  # read by each new thread's connection
    original = settings_dict["NAME"]
    settings_dict["NAME"] = str(tmp_path / "race.sqlite3")
    try:
        yield True
    finally:
        settings_dict["NAME"] = original


@pytest.mark.django_db(transaction=True)
def test_concurrent_sign_ins_of_one_person_give_one_attendance(thread_database):
    def set_up() -> Any:
        if thread_database:
            call_command("migrate", verbosity=0)
        world = build_world()
        return session_of(world, meeting(world)), world.people["worker"]

    session, person = in_thread(set_up)
    barrier = threading.Barrier(THREADS)
    results: list[tuple[int, bool]] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def scan() -> None:
        try:
            barrier.wait(timeout=10)
            attendance, created = services.sign_in(session=session, person=person, method=Attendance.Method.QR)
            with lock:
                results.append((attendance.pk, created))
        except BaseException as exc:
            with lock:
                errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=scan) for _ in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert not errors, f"{connection.vendor}: {errors!r}"
    assert len(results) == THREADS
    stored = in_thread(
        lambda: list(Attendance.objects.filter(session=session, person=person).values_list("pk", flat=True))
    )
    assert len(stored) == 1
    assert {pk for pk, _ in results} == set(stored)
    assert sum(created for _, created in results) == 1
