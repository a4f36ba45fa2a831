"""Real threads for the concurrency tests (activities, meetings, counselling): each
thread has its own connection and its own transactions, on SQLite and on PostgreSQL.

Threads are synchronised by a barrier and by joins, never by sleeping. Every wait is
bounded: a thread that does not start, or does not finish, fails the test and says
which and where it was (its stack), instead of hanging the run or leaving a ``None``
for a result. The bounds are far above what a run takes on a loaded machine (a
second or so); they only turn a deadlock into a clear failure.
"""

import os
import sqlite3
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from fnmatch import fnmatch
from functools import partial
from pathlib import Path
from typing import Any, TypeVar, cast

import pytest
from django.db import DEFAULT_DB_ALIAS, connection, connections

T = TypeVar("T")
A = TypeVar("A")

START_TIMEOUT = 60.0  # seconds for every thread to be running and connected
FINISH_TIMEOUT = 300.0  # seconds for all of them to be done, from the start
CONCURRENCY_FILES = "test_*concurren*.py"  # where tests that start threads live (scripts/repeat-concurrency)


@dataclass
class Outcome:
    """What one thread's call gave: its return value, or the exception it raised."""

    value: Any = None
    error: BaseException | None = None


class ThreadsFailed(AssertionError):
    """The threads could not be run as asked (not started, or still running)."""


def _stack(thread: threading.Thread) -> str:
    frame = sys._current_frames().get(thread.ident or -1)
    return "".join(traceback.format_stack(frame)) if frame is not None else "  (no stack)\n"


def _in_a_concurrency_file() -> None:
    """Tests that start threads live in ``test_*concurren*.py`` files, all of which
    ``scripts/repeat-concurrency`` runs many times in a row: refuse to run elsewhere."""
    current = os.environ.get("PYTEST_CURRENT_TEST", "")  # "path::test (call)" while pytest runs one
    path = current.split("::", 1)[0]
    if path and not fnmatch(Path(path).name, CONCURRENCY_FILES):
        raise ThreadsFailed(f"{path}: a test that starts threads belongs in a file named {CONCURRENCY_FILES}")


def run_together(calls: Sequence[Callable[[], Any]]) -> list[Outcome]:
    """Run every call on a thread of its own; the threads connect to the database
    first and are then released together by a barrier, so the calls overlap. Returns
    the outcomes in the order of ``calls``; raises ``ThreadsFailed`` if a thread could
    not start or connect within ``START_TIMEOUT``, or is still running after
    ``FINISH_TIMEOUT`` (with the stacks of those still running)."""
    _in_a_concurrency_file()
    barrier = threading.Barrier(len(calls))
    outcomes = [Outcome() for _ in calls]
    not_started: list[tuple[int, BaseException]] = []

    def work(i: int, call: Callable[[], Any]) -> None:
        try:
            try:
                # Connecting is not part of the race: every thread holds its own open
                # connection before any of them makes its call.
                connection.ensure_connection()
                barrier.wait(timeout=START_TIMEOUT)
            except BaseException as exc:
                not_started.append((i, exc))
                barrier.abort()  # the others stop waiting at once
                return
            try:
                outcomes[i].value = call()
            except BaseException as exc:
                outcomes[i].error = exc
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=work, args=(i, call), name=f"concurrency-{i}", daemon=True)
        for i, call in enumerate(calls)
    ]
    deadline = time.monotonic() + FINISH_TIMEOUT
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=max(0.0, deadline - time.monotonic()))
    running = [t for t in threads if t.is_alive()]
    if running:
        stacks = "\n".join(f"{t.name}:\n{_stack(t)}" for t in running)
        raise ThreadsFailed(
            f"{len(running)} of {len(threads)} threads still running after {FINISH_TIMEOUT:.0f} s "
            f"({connection.vendor}):\n{stacks}"
        )
    if not_started:
        first = next((exc for _, exc in not_started if not isinstance(exc, threading.BrokenBarrierError)), None)
        raise ThreadsFailed(
            f"{len(not_started)} of {len(threads)} threads did not start together within "
            f"{START_TIMEOUT:.0f} s ({connection.vendor}): {not_started!r}"
        ) from first
    return outcomes


def in_thread(fn: Callable[[], T]) -> T:
    """Run ``fn`` on a thread of its own (its own connection) and return its result,
    or raise what it raised."""
    (outcome,) = run_together([fn])
    if outcome.error is not None:
        raise outcome.error
    return cast(T, outcome.value)  # fn returned: the value is its result


def race(fn: Callable[[A], T], arguments: list[A]) -> list[T]:
    """Call ``fn(argument)`` for every argument at once, one thread each, all
    released together; returns the results in the order of ``arguments``. Fails
    with every exception any thread raised."""
    outcomes = run_together([partial(fn, a) for a in arguments])
    errors = [o.error for o in outcomes if o.error is not None]
    assert not errors, f"{connection.vendor}: {errors!r}"
    return [cast(T, o.value) for o in outcomes]  # no errors: every value is fn's result


@contextmanager
def file_database() -> Iterator[None]:
    """On SQLite, run the block (this thread and every thread started in it) on a
    file copy of the test database, in WAL mode like the deployed one. The suite's
    in-memory database uses a shared cache, whose table locks fail at once instead
    of waiting (no busy timeout) and so cannot show how the application behaves
    under concurrent writers. PostgreSQL: the test database as it is.

    The copy is switched to WAL here, once, before any other connection opens it:
    left in rollback-journal mode, the first connections of the threads would each
    switch it (the ``PRAGMA journal_mode=WAL`` of ``init_command``), and a switch
    while another connection is writing fails at once with "database is locked"
    (it upgrades a read lock to a write lock, for which SQLite does not wait).

    Needs ``django_db(transaction=True)``: the threads see only committed rows."""
    if connection.vendor != "sqlite":
        yield
        return
    if connection.in_atomic_block:
        raise RuntimeError("file_database() needs @pytest.mark.django_db(transaction=True)")
    connection.ensure_connection()
    memory = connection.connection
    # One dict: this thread's connection reads it, and every new thread's connection too.
    settings_dict = connections.settings[DEFAULT_DB_ALIAS]
    assert connection.settings_dict is settings_dict
    saved = settings_dict["NAME"]
    with tempfile.TemporaryDirectory(prefix="jiedao-concurrency-") as folder:
        path = str(Path(folder) / "concurrency.sqlite3")
        target = sqlite3.connect(path)
        try:
            memory.backup(target)
            mode = target.execute("PRAGMA journal_mode=WAL").fetchone()[0]
        finally:
            target.close()
        assert mode == "wal", mode
        connection.connection = None
        settings_dict["NAME"] = path
        try:
            yield
        finally:
            connection.close()
            settings_dict["NAME"] = saved
            connection.connection = memory


@pytest.fixture
def thread_database(transactional_db: None) -> Iterator[None]:
    """The test runs on ``file_database()``: a WAL file copy of the test database on
    SQLite, the test database itself on PostgreSQL."""
    with file_database():
        yield
