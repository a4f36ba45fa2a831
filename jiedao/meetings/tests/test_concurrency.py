"""Agenda items added at the same time by two offices get distinct, gapless
positions: real threads, real transactions, on SQLite and on PostgreSQL."""

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection, connections

from jiedao.meetings import services
from jiedao.meetings.models import AgendaItem
from jiedao.meetings.tests.helpers import meeting_world
from jiedao.testing import build_world

THREADS = 6


def in_thread(fn: Callable[[], Any]) -> Any:
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
    """SQLite's shared-cache test database fails table locks at once; the threads
    use a file database instead (WAL, BEGIN IMMEDIATE, a busy timeout), like a deployment."""
    if connection.vendor != "sqlite":
        yield False
        return
    settings_dict = connections.settings["default"]
    original = settings_dict["NAME"]
    settings_dict["NAME"] = str(tmp_path / "agenda-race.sqlite3")
    try:
        yield True
    finally:
        settings_dict["NAME"] = original


@pytest.mark.django_db(transaction=True)
def test_concurrent_agenda_adds_get_distinct_positions(thread_database):
    def set_up() -> Any:
        if thread_database:
            call_command("migrate", verbosity=0)
        mw = meeting_world(build_world())
        return mw.actor, mw.meeting

    actor, meeting = in_thread(set_up)
    before = in_thread(lambda: AgendaItem.objects.filter(meeting=meeting).count())
    barrier = threading.Barrier(THREADS)
    errors: list[BaseException] = []
    lock = threading.Lock()

    def add(i: int) -> None:
        try:
            barrier.wait(timeout=10)
            services.agenda_item_add(actor=actor, meeting=meeting, kind="report", title=f"通报{i}")
        except BaseException as exc:
            with lock:
                errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=add, args=(i,)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert not errors, f"{connection.vendor}: {errors!r}"
    positions = in_thread(
        lambda: list(AgendaItem.objects.filter(meeting=meeting).order_by("position").values_list("position", flat=True))
    )
    assert positions == list(range(1, before + THREADS + 1))
