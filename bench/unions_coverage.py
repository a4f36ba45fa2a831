"""Benchmark: union coverage for a generated district of 10 000 enterprises and 200 000
union members (``jiedao.unions.selectors.coverage``, the page ``/unions/coverage/`` and
``GET /api/v1/unions/coverage``).

    scripts/with-postgres .venv/bin/python bench/unions_coverage.py
    scripts/with-postgres .venv/bin/python bench/unions_coverage.py --enterprises 2000 --members 40000

Migrates the database in DATABASE_URL, builds a bench sub-district (27 areas, 3 grids
each; ``--enterprises`` enterprises spread over the grids, 30 % with a union of their
own, 40 % covered by their area's joint union, the rest uncovered; ``--members`` workers
who are union members and a further 10 % workers who are not, employed at random
enterprises; each member with a current membership spell, joined 2019–2020, and
every tenth with an earlier one that ended in 2018), then times the coverage computation, the page and the API (``--repeat``
times each, the median; coverage also for the past year 2020, whose members come
from the spells), and counts their queries: the count must not depend on the
number of enterprises. Registry rows are bulk-inserted (the ID numbers are fictional
placeholders, encrypted like any other). Without DATABASE_URL it uses its own SQLite
file under var/, never the dev database.
"""

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
(ROOT / "var").mkdir(exist_ok=True)

BENCH_CODE = "310109095"  # a fictional sub-district kept apart from the demo's
GRIDS = ("第一网格", "第二网格", "第三网格")


def build(enterprises: int, members: int) -> int:
    """The bench sub-district (rebuilt only when its size differs); its id."""
    from django.db import transaction

    from jiedao.org.models import Grid, ResidentialArea, Subdistrict, Unit
    from jiedao.people.models import Person
    from jiedao.unions.models import (
        CoveredUnit,
        JointBasis,
        Membership,
        MembershipStatus,
        UnionKind,
        UnionOrganisation,
    )

    sd, _ = Subdistrict.objects.get_or_create(
        code=BENCH_CODE, defaults={"name": "工会覆盖基准街道", "district_name": "虹口区", "district_code": "310109"}
    )
    have = (
        Unit.objects.filter(subdistrict=sd).count(),
        Person.objects.filter(subdistrict=sd, is_union_member=True).count(),
    )
    if have == (enterprises, members):
        return sd.pk
    if any(have):
        raise SystemExit("The bench sub-district has another size: drop var/bench.sqlite3 or use a fresh database.")
    rng = random.Random(9)
    started = time.perf_counter()
    with transaction.atomic():
        areas = ResidentialArea.objects.bulk_create(
            ResidentialArea(subdistrict=sd, name=f"基准居民区{chr(0x4E00 + i)}") for i in range(27)
        )
        grids = Grid.objects.bulk_create(Grid(subdistrict=sd, residential_area=a, name=g) for a in areas for g in GRIDS)
        units = Unit.objects.bulk_create(
            (
                Unit(
                    subdistrict=sd,
                    name=f"基准企业{i:05d}有限公司",
                    kind=Unit.Kind.ENTERPRISE,
                    credit_code=f"91310109{i:09d}X",
                    grid=grids[i % len(grids)],
                    headcount=rng.choice((5, 12, 18, 24, 26, 40, 80, 150)),
                )
                for i in range(enterprises)
            ),
            batch_size=2000,
        )
        federation = UnionOrganisation.objects.create(subdistrict=sd, name="基准街道总工会", kind=UnionKind.FEDERATION)
        joint = {
            a.pk: u
            for a, u in zip(
                areas,
                UnionOrganisation.objects.bulk_create(
                    UnionOrganisation(
                        subdistrict=sd,
                        name=f"{a.name}联合工会",
                        kind=UnionKind.JOINT,
                        basis=JointBasis.AREA,
                        parent=federation,
                        residential_area=a,
                    )
                    for a in areas
                ),
                strict=True,
            )
        }
        own, covered = [], []
        for u in units:
            draw = rng.random()
            if draw < 0.3:
                own.append(
                    UnionOrganisation(
                        subdistrict=sd, name=f"{u.name}工会", kind=UnionKind.ENTERPRISE, parent=federation, unit=u
                    )
                )
            elif draw < 0.7:
                assert u.grid is not None
                covered.append(CoveredUnit(subdistrict=sd, union=joint[u.grid.residential_area_id], unit=u))
        UnionOrganisation.objects.bulk_create(own, batch_size=2000)
        CoveredUnit.objects.bulk_create(covered, batch_size=2000)
        workers = members + members // 10
        batch: list[Person] = []

        def spells(people: list[Person]) -> list[Membership]:
            """A current membership of each member (joined 2019–2020) in their area's
            joint union; every tenth also has an earlier spell that ended in 2018."""
            made = []
            for p in people:
                if not p.is_union_member:
                    continue
                assert p.employer is not None and p.employer.grid is not None
                union = joint[p.employer.grid.residential_area_id]
                made.append(
                    Membership(
                        subdistrict=sd,
                        person=p,
                        union=union,
                        employer=p.employer,
                        status=MembershipStatus.ACTIVE,
                        card_number=f"GHB{p.pk:010d}",
                        joined_on=dt.date(2019 + p.pk % 2, 1 + p.pk % 12, 1),
                    )
                )
                if p.pk % 10 == 0:
                    made.append(
                        Membership(
                            subdistrict=sd,
                            person=p,
                            union=union,
                            employer=p.employer,
                            status=MembershipStatus.LEFT,
                            card_number=f"GHB{p.pk:010d}",
                            joined_on=dt.date(2015, 3, 1),
                            ended_on=dt.date(2018, 6, 30),
                        )
                    )
            return made

        for i in range(workers):
            batch.append(
                Person(
                    subdistrict=sd,
                    name="基准职工",
                    gender="F" if i % 2 else "M",
                    birth_date="1985-01-01",
                    id_number=f"BENCH{i:013d}",
                    id_number_hash=f"bench-{i:058d}",
                    employer=units[rng.randrange(enterprises)],
                    is_worker=True,
                    is_union_member=i < members,
                )
            )
            if len(batch) == 5000:
                Membership.objects.bulk_create(spells(Person.objects.bulk_create(batch)), batch_size=5000)
                batch = []
        Membership.objects.bulk_create(spells(Person.objects.bulk_create(batch)), batch_size=5000)
    print(
        f"built {enterprises} enterprises, {workers} workers ({members} members) in {time.perf_counter() - started:.1f} s"
    )
    return sd.pk


def timed(run, repeat: int) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times = []
    queries = 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            run()
            times.append(time.perf_counter() - started)
        queries = len(captured)
    return statistics.median(times), queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--enterprises", type=int, default=10_000)
    parser.add_argument("--members", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from jiedao.accounts.models import Role, RoleAssignment, User
    from jiedao.accounts.tokens import token_issue
    from jiedao.unions.selectors.coverage import coverage

    call_command("migrate", verbosity=0)
    sd_id = build(args.enterprises, args.members)
    user, _ = User.objects.get_or_create(username="bench-union", defaults={"subdistrict_id": sd_id})
    RoleAssignment.objects.get_or_create(user=user, role=Role.UNION_FEDERATION, subdistrict_id=sd_id)
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    client.get("/unions/coverage/")  # warm the session and the templates

    def page(year: int | None = None) -> None:
        assert client.get("/unions/coverage/", {"year": year} if year else {}).status_code == 200

    token, _ = token_issue(user=user)

    def api() -> None:
        answer = client.get("/api/v1/unions/coverage", headers={"Authorization": f"Bearer {token}"})
        assert answer.status_code == 200

    this_year = timezone.localdate().year
    print(f"database: {connection.vendor}")
    for label, run in (
        ("coverage()", lambda: coverage(subdistrict_id=sd_id, year=this_year)),
        ("coverage() of a past year", lambda: coverage(subdistrict_id=sd_id, year=2020)),
        ("page ?year=2020", lambda: page(2020)),
        ("page /unions/coverage/", page),
        ("API /api/v1/unions/coverage", api),
    ):
        seconds, queries = timed(run, args.repeat)
        print(f"{label:32} {seconds * 1000:8.1f} ms (median of {args.repeat}), {queries} queries")


if __name__ == "__main__":
    main()
