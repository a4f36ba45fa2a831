"""Benchmark: the staff dashboard (``/dashboard/``) of a sub-district admin, whose page
asks every programme for its figures, on the study-hour bench district of
``bench/party_ledger.py`` (200 branches, ``--members`` party members, 40 lectures,
three entries each: the party figures are the heaviest, the whole district's ledger).

    scripts/with-postgres .venv/bin/python bench/dashboards_page.py
    .venv/bin/python bench/dashboards_page.py --members 2000

Migrates the database in DATABASE_URL (without it, its own SQLite file under var/),
builds the district with ``party_ledger.build`` (once), then times each programme's
``AppConfig.dashboard`` hook and the whole page (``--repeat`` times, the median) and
counts their queries: no count may depend on the number of members. Each is timed
cold (the cache cleared first) and, for the page, also warm (the party figures of a
district above ``party.dashboard.LARGE`` members kept in the cache).
"""

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench-dashboards.sqlite3'}")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
(ROOT / "var").mkdir(exist_ok=True)

import party_ledger  # noqa: E402  (after the environment above: it sets defaults of its own)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--members", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    import django

    django.setup()
    from django.apps import apps
    from django.core.cache import cache
    from django.core.management import call_command
    from django.test import Client

    from jiedao.accounts.actor import actor_for
    from jiedao.accounts.models import Role, RoleAssignment, User

    call_command("migrate", verbosity=0)
    sd_id = party_ledger.build(args.members)
    user, _ = User.objects.get_or_create(username="bench-dashboard", defaults={"subdistrict_id": sd_id})
    RoleAssignment.objects.get_or_create(user=user, role=Role.SUBDISTRICT_ADMIN, subdistrict_id=sd_id)
    actor = actor_for(user)
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    client.get("/dashboard/")  # warm the session and the templates

    print(f"{args.members} party members, {connection_vendor()}; median of {args.repeat}")
    for config in apps.get_app_configs():
        hook = getattr(config, "dashboard", None)
        if hook is not None:
            seconds, queries = party_ledger.timed(lambda hook=hook: list(hook(actor)), args.repeat, cache.clear)
            print(f"  {config.label:<14} {seconds:7.3f} s  {queries:3d} queries")

    def page() -> None:
        assert client.get("/dashboard/").status_code == 200

    seconds, queries = party_ledger.timed(page, args.repeat, cache.clear)
    print(f"  {'page, cold':<14} {seconds:7.3f} s  {queries:3d} queries")
    seconds, queries = party_ledger.timed(page, args.repeat)
    print(f"  {'page, warm':<14} {seconds:7.3f} s  {queries:3d} queries")


def connection_vendor() -> str:
    from django.db import connection

    return connection.vendor


if __name__ == "__main__":
    main()
