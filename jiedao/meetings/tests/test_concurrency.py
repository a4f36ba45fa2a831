"""Agenda items added at the same time by two offices get distinct, gapless
positions, and versions put in force at once leave one in force: real threads,
real transactions, on SQLite and on PostgreSQL."""

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection, connections

from jiedao.meetings import services
from jiedao.meetings.models import AgendaItem, RegulationVersion
from jiedao.meetings.tests.helpers import meeting_world
from jiedao.testing import build_world

THREADS = 6
Status = RegulationVersion.Status


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


@pytest.mark.django_db(transaction=True)
def test_two_versions_put_in_force_at_once_leave_exactly_one_in_force(thread_database):
    def set_up() -> Any:
        if thread_database:
            call_command("migrate", verbosity=0)
        mw = meeting_world(build_world())
        versions = []
        for i in range(THREADS):
            v = services.version_create(actor=mw.actor, regulation=mw.regulation, title=f"修订稿{i}")
            for status in (Status.REVIEW, Status.ADOPTED):
                v = services.version_transition(actor=mw.actor, version=v, status=status)
            versions.append(v)
        return mw.actor, versions

    actor, versions = in_thread(set_up)
    barrier = threading.Barrier(THREADS)
    errors: list[BaseException] = []
    lock = threading.Lock()

    def put_in_force(version: RegulationVersion) -> None:
        try:
            barrier.wait(timeout=10)
            services.version_transition(actor=actor, version=version, status=Status.IN_FORCE)
        except BaseException as exc:
            with lock:
                errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=put_in_force, args=(v,)) for v in versions]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert not errors, f"{connection.vendor}: {errors!r}"
    statuses = in_thread(
        lambda: list(RegulationVersion.objects.filter(pk__in=[v.pk for v in versions]).values_list("status", flat=True))
    )
    assert sorted(statuses) == [Status.IN_FORCE] + [Status.REPEALED] * (THREADS - 1)
