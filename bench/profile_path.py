"""Where a request's time goes: one path served in-process by Django's test client
``--repeat`` times under cProfile, after a warm-up, against the demo data.

    DEBUG=0 DATABASE_URL=sqlite:///var/bench.sqlite3 .venv/bin/python bench/profile_path.py \
        /api/v1/people?limit=20 --user admin [--token] [--repeat 200] [--top 30]

Prints the mean time per request and the functions with the most cumulative and own
time. It complements ``bench/request_path.py`` (throughput against a bare view): that
one says how far a path is from its target, this one says why.
"""

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("path")
    parser.add_argument("--user", default="admin", help="demo account (username)")
    parser.add_argument("--token", action="store_true", help="authenticate with a bearer token, not a session")
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--time-only", action="store_true", help="no profiler: the mean time per request only")
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from jiedao.accounts.models import User
    from jiedao.accounts.tokens import token_issue

    user = User.objects.get(username=args.user)
    client = Client()
    headers: dict[str, str] = {}
    if args.token:
        raw, _ = token_issue(user=user)
        headers["Authorization"] = f"Bearer {raw}"
    else:
        client.force_login(user)
    for _ in range(10):  # warm-up: URLconf, templates, first-use caches
        response = client.get(args.path, headers=headers)
    if response.status_code != 200:
        raise SystemExit(f"{args.path}: {response.status_code}")
    queries: list[str] = []

    def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        client.get(args.path, headers=headers)
    profile = cProfile.Profile()
    start = time.perf_counter()
    if not args.time_only:
        profile.enable()
    for _ in range(args.repeat):
        client.get(args.path, headers=headers)
    profile.disable()
    elapsed = time.perf_counter() - start
    print(f"{args.path}: {elapsed / args.repeat * 1000:.2f} ms per request, {len(queries)} queries")
    if args.time_only:
        return
    for order in ("cumulative", "tottime"):
        out = io.StringIO()
        pstats.Stats(profile, stream=out).sort_stats(order).print_stats(args.top)
        print(out.getvalue())


if __name__ == "__main__":
    main()
