"""EXPLAIN every statement of the request-path benchmark's paths (issue #13 §2): how long
each runs, and whether any reads more than it returns — a sequential scan of a large
table, or an index scan that filters away most of what it read (another tenant's rows).

    export SECRET_KEY=… JIEDAO_FIELD_KEY=…   # one pair for all three: the people are encrypted
    scripts/with-postgres sh -c '.venv/bin/python bench/city_dataset.py \\
        && .venv/bin/python bench/request_path.py --rounds 1 --seconds 1 \\
        && .venv/bin/python bench/explain_paths.py'

Needs PostgreSQL with the demo loaded (``bench/request_path.py`` loads it). Each read path
of ``request_path.reads()`` (not the QR sign-in, a write) is requested once in-process as the demo admin (token or session)
to warm up and once more to capture its statements; then each SELECT runs under
``EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)`` with its parameters. Prints, per path, its
statements with planning and execution time, and flags every plan node that read more
than ``--rows`` rows (returned plus removed by its filter, recheck or join filter): the statements a larger
district would slow down. Exits non-zero when a node is flagged.
"""

import argparse
import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import request_path  # noqa: E402  (sets the production-like environment on import)


@dataclass
class Statement:
    sql: str
    params: Any
    planning_ms: float = 0.0
    execution_ms: float = 0.0
    flagged: list[str] = field(default_factory=list)


def nodes(plan: dict[str, Any]) -> Any:
    yield plan
    for child in plan.get("Plans", []):
        yield from nodes(child)


def explain(statement: Statement, limit: int) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {statement.sql}", statement.params)
        found = cursor.fetchone()[0]
    result = (json.loads(found) if isinstance(found, str) else found)[0]
    statement.planning_ms = result["Planning Time"]
    statement.execution_ms = result["Execution Time"]
    for node in nodes(result["Plan"]):
        loops = node.get("Actual Loops", 1)
        removed = sum(node.get(f"Rows Removed by {what}", 0) for what in ("Filter", "Index Recheck", "Join Filter"))
        read = (node.get("Actual Rows", 0) + removed) * loops
        if node.get("Relation Name") and read > limit:
            statement.flagged.append(
                f"{node['Node Type']} on {node['Relation Name']}: read {read:,} rows, "
                f"kept {node.get('Actual Rows', 0) * loops:,}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=5_000, help="flag a plan node reading more rows (default 5000)")
    args = parser.parse_args()
    os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1"

    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    if connection.vendor != "postgresql":
        raise SystemExit("Run on PostgreSQL (scripts/with-postgres), with the demo loaded")
    token, session, targets = request_path.reads()
    flagged = 0
    for target in targets:
        client = Client()
        headers = request_path.headers(target, token, session)
        if headers.pop("Cookie", None):
            client.cookies["sessionid"] = session
        response = client.get(target.path, headers=headers)
        if response.status_code != 200:
            raise SystemExit(f"{target.name}: HTTP {response.status_code}")
        captured: list[Statement] = []

        def capture(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
            captured.append(Statement(sql, params))  # noqa: B023  (used within this iteration)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(capture):
            response = client.get(target.path, headers=headers)
        if response.status_code != 200:
            raise SystemExit(f"{target.name}: HTTP {response.status_code}")
        print(f"\n{target.name} ({target.path}): {len(captured)} statements")
        for statement in captured:
            if not statement.sql.lstrip().upper().startswith(("SELECT", "WITH")):
                print(f"  (not a read) {statement.sql[:90]}")
                continue
            explain(statement, args.rows)
            print(f"  {statement.planning_ms:6.2f} ms plan  {statement.execution_ms:6.2f} ms run  {statement.sql[:90]}")
            for line in statement.flagged:
                print(f"      ! {line}")
            flagged += len(statement.flagged)
    if flagged:
        raise SystemExit(f"{flagged} plan nodes read more than {args.rows} rows")
    print(f"\nno plan node read more than {args.rows} rows")


if __name__ == "__main__":
    main()
