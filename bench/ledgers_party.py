"""Benchmark: the ledger centre's study-hour ledger for a generated district (the
sub-district of ``bench/party_ledger.py``: 200 branches, ``--members`` members, 40
half-day lectures each attended by a tenth of them, three approved entries each):
the table as the centre builds it (``party.ledgers.study_hours``: the programme's
``selectors.ledger`` plus the source records), and the whole download
(``ledgers.services.generate``: the table, both sheets of the xlsx, the audit entry),
with their query counts, which must not depend on the number of members.

    scripts/with-postgres .venv/bin/python bench/ledgers_party.py
    .venv/bin/python bench/ledgers_party.py --members 2000
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from party_ledger import YEAR, build, timed  # sets up the environment first


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--members", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from jiedao.accounts.actor import actor_for
    from jiedao.accounts.models import Role, RoleAssignment, User
    from jiedao.core.ledgers import Period
    from jiedao.ledgers.services import generate
    from jiedao.party.ledgers import study_hours

    call_command("migrate", verbosity=0)
    sd_id = build(args.members)
    user, _ = User.objects.get_or_create(username="bench-party", defaults={"subdistrict_id": sd_id})
    RoleAssignment.objects.get_or_create(user=user, role=Role.PARTY_OFFICE, subdistrict_id=sd_id)
    actor = actor_for(user)
    sizes: dict[str, int] = {}

    def table() -> None:
        built = study_hours(actor, Period(YEAR))
        sizes["rows"], sizes["sources"] = len(built.rows), len(built.sources)

    def download() -> None:
        sizes["bytes"] = len(generate(actor=actor, key="party.study_hours", period=Period(YEAR)).content)

    print(f"database: {connection.vendor}, {args.members} members")
    for label, run in (("table (rows and sources)", table), ("generate: table + xlsx + audit", download)):
        seconds, queries = timed(run, args.repeat)
        print(f"{label:32} {seconds * 1000:9.1f} ms (median of {args.repeat}), {queries} queries")
    print(f"rows {sizes['rows']}, source records {sizes['sources']}, xlsx {sizes['bytes'] / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
