"""Real threads for the concurrency tests of activities and meetings: each with
its own connection and transactions, on SQLite and on PostgreSQL."""

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection, connections


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


def race(fn: Callable[[Any], Any], arguments: list[Any]) -> list[Any]:
    """Call ``fn(argument)`` for every argument at once, one thread each, all
    released together; returns the results (in no order). Fails with every
    exception any thread raised."""
    barrier = threading.Barrier(len(arguments))
    results: list[Any] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def run(argument: Any) -> None:
        try:
            barrier.wait(timeout=10)
            result = fn(argument)
            with lock:
                results.append(result)
        except BaseException as exc:
            with lock:
                errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(a,)) for a in arguments]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert not errors, f"{connection.vendor}: {errors!r}"
    assert len(results) == len(arguments)
    return results


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
