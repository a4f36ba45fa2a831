"""A city district for the scale benchmarks (issue #13 §2), loaded through PostgreSQL ``COPY``.

    scripts/with-postgres .venv/bin/python bench/city_dataset.py                 # the full district
    scripts/with-postgres .venv/bin/python bench/city_dataset.py --scale 0.01    # a hundredth, to try it
    scripts/with-postgres sh -c '.venv/bin/python bench/city_dataset.py && .venv/bin/python bench/request_path.py'

At ``--scale 1``: 50 sub-districts (a fictional district, codes 310190001…), 1 000 residential
areas, 20 000 units, 1 000 000 people, 100 000 activities with 200 000 sessions over the
last five years, 10 000 000 attendances and 1 000 000 audit entries; and about 2 000 000
rows of the programmes over the same five years, each sub-district's pointing at its own:

- counselling: per sub-district a studio, a room, 3 counsellors and their weekly hours;
  ≈ 200 000 slots (none on holidays), ≈ 147 000 appointments (the oldest year unlinked by
  retention), ≈ 28 000 consents, ≈ 95 000 session records, ≈ 2 000 referrals;
- unions: per sub-district the federation, 4 joint and 5 enterprise unions, ≈ 15 000
  covered units; ≈ 300 000 memberships with ≈ 430 000 membership events (every spell has
  at least one);
- dues: 5 years of rates and splits, 100 000 assessments (one per enterprise and year: the
  database allows no more) and ≈ 295 000 payments;
- volunteering: 5 000 tasks with 25 000 shifts, ≈ 200 000 claims, ≈ 180 000 service records;
- training: per sub-district a school and 4 courses; 5 000 classes (20 000 sessions),
  ≈ 140 000 enrolments;
- legal aid: 20 000 cases with ≈ 83 000 steps (those final for over three years purged).

The volunteers' and trainees' sign-ins add ≈ 600 000 attendances. Every person is
validated and encrypted by the same ``people.services.person_values`` the roster import
uses; other rows go in as prepared values. Repeatable from ``--seed``: the same seed gives
the same rows. The database of ``DATABASE_URL`` must be migrated or empty (it is migrated
first); the district's sub-districts must not exist yet. The demo can be loaded beside it
(``bench/request_path.py`` does), which is how the demo's pages are measured in a database
holding a district. Prints the time of each table and the database size at the end.
"""

import argparse
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from city_base import CityBase
from city_care import CareRecords
from city_unions import UnionRecords
from city_work import WorkRecords


class City(CareRecords, UnionRecords, WorkRecords, CityBase):
    """The whole district: the base (``city_base``) and each programme's records."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the full district (default 1)")
    parser.add_argument("--seed", type=int, default=2020)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    if connection.vendor != "postgresql":
        raise SystemExit("Run on PostgreSQL: scripts/with-postgres .venv/bin/python bench/city_dataset.py")
    call_command("migrate", verbosity=0)
    city = City(args.scale, args.seed)
    began = time.perf_counter()

    def step(label: str, work: Any) -> Any:
        started = time.perf_counter()
        with transaction.atomic():
            result = work()
        rows = result if isinstance(result, int) else len(result)
        if isinstance(result, dict):
            rows = sum(len(v) for v in result.values())
        print(f"{label:15} {rows:>10,} rows  {time.perf_counter() - started:7.1f} s", flush=True)
        return result

    tenants = step("sub-districts", city.subdistricts)
    areas = step("areas", lambda: city.areas(tenants))
    units = step("units", lambda: city.units(tenants))
    people = step("people", lambda: city.people(tenants, areas, units))
    sessions = step("sessions", lambda: city.activities(tenants, units))
    step("attendances", lambda: city.attendances(sessions, people))
    step("audit entries", lambda: city.audit(tenants, people))
    step("counselling", lambda: city.counselling(tenants, people))
    step("appointments", lambda: city.appointments(tenants, people))
    step("session records", lambda: city.session_records(tenants))
    step("unions", lambda: city.unions(tenants, areas, units))
    step("memberships", lambda: city.memberships(tenants))
    step("dues", lambda: city.dues(tenants))
    step("service shifts", lambda: city.service_shifts(tenants, areas, units))
    step("claims", lambda: city.claims(tenants))
    step("training", lambda: city.training(tenants))
    step("enrolments", lambda: city.enrolments(tenants))
    step("legal aid", lambda: city.legal_aid(tenants))
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # planner statistics and the visibility map, as after autovacuum
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        size = cursor.fetchone()[0]
    print(f"{'vacuum analyze':15} {'':>10}       {time.perf_counter() - started:7.1f} s")
    print(f"loaded in {time.perf_counter() - began:.0f} s; database size {size}")


if __name__ == "__main__":
    main()
