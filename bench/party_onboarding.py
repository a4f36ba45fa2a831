"""Benchmark: the 凝新 studio's 三个一 page for a generated district of 20 000 newly
transferred 三新 members (``/party/onboarding/``, ``GET /api/v1/party/onboarding`` and
``selectors.missing_counts``).

    .venv/bin/python bench/party_onboarding.py
    scripts/with-postgres .venv/bin/python bench/party_onboarding.py --members 2000

Migrates the database in DATABASE_URL, builds a bench sub-district (``--members``
三新 members transferred in during 2020; the studio's visit attended by about half of
them, lectures by about 60 %, a verified public-service shift by about 40 %, so
about one in eight has done all three), then times the page under each filter, a
deep page, the API and the counts alone (``--repeat`` times each, the median) with
their queries: the count must not depend on the number of members. For comparison
it also times what the page did before (every newcomer's steps computed in Python
to count and filter them). Without DATABASE_URL it uses its own SQLite file under var/.
"""

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench-party-onboarding.sqlite3'}")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
(ROOT / "var").mkdir(exist_ok=True)

BENCH_CODE = "310109097"  # a fictional sub-district kept apart from the demo's
BRANCHES = 50
VISITS = 20
LECTURES = 10
SHIFTS = 100


def build(members: int) -> int:
    """The bench sub-district (rebuilt only when its size differs); its id."""
    from django.db import transaction
    from django.utils import timezone

    from jiedao.activities.models import Activity, Attendance, Session
    from jiedao.org.models import Subdistrict, Unit
    from jiedao.party.models import Branch, PartyMember, PartyStudio
    from jiedao.people.models import Person
    from jiedao.volunteering.models import Claim, ServiceRecord, Shift, Task

    sd, _ = Subdistrict.objects.get_or_create(
        code=BENCH_CODE, defaults={"name": "三个一基准街道", "district_name": "虹口区", "district_code": "310109"}
    )
    have = PartyMember.objects.filter(subdistrict=sd).count()
    if have == members:
        return sd.pk
    if have:
        raise SystemExit("The bench sub-district has another size: drop its SQLite file or use a fresh database.")
    rng = random.Random(3)
    started = time.perf_counter()
    zone = timezone.get_current_timezone()
    with transaction.atomic():
        centre = Unit.objects.create(subdistrict=sd, name="基准党群服务中心", kind=Unit.Kind.OFFICE)
        PartyStudio.objects.create(subdistrict=sd, name="基准凝新工作室", unit=centre)
        branches = Branch.objects.bulk_create(
            Branch(subdistrict=sd, name=f"基准两新党支部{i:03d}", sector="enterprise") for i in range(BRANCHES)
        )
        people = Person.objects.bulk_create(
            (
                Person(
                    subdistrict=sd,
                    name="基准新党员",
                    gender="F" if i % 2 else "M",
                    birth_date="1990-01-01",
                    id_number=f"BENCHN{i:012d}",
                    id_number_hash=f"bench-onboarding-{i:047d}",
                    is_party_member=True,
                    party_category="new_economic",
                )
                for i in range(members)
            ),
            batch_size=5000,
        )
        PartyMember.objects.bulk_create(
            (
                PartyMember(
                    subdistrict=sd,
                    person=p,
                    branch=branches[i % BRANCHES],
                    category="new_economic",
                    transferred_in_on=dt.date(2020, 1, 1) + dt.timedelta(days=i % 360),
                    transferred_in_from="外区",
                )
                for i, p in enumerate(people)
            ),
            batch_size=5000,
        )

        def sessions(kind: str, n: int, title: str) -> list[Session]:
            found = []
            for k in range(n):
                activity = Activity.objects.create(subdistrict=sd, kind=kind, title=f"{title}{k}", organiser=centre)
                start = dt.datetime(2020, 1 + k % 12, 1 + k % 27, 9, tzinfo=zone)
                found.append(
                    Session.objects.create(
                        subdistrict=sd, activity=activity, starts_at=start, ends_at=start + dt.timedelta(hours=2)
                    )
                )
            return found

        def sessions_of(activity: Activity, n: int) -> list[Session]:
            return Session.objects.bulk_create(
                Session(
                    subdistrict=sd,
                    activity=activity,
                    starts_at=dt.datetime(2020, 1 + k % 12, 1 + k % 27, 9, tzinfo=zone),
                    ends_at=dt.datetime(2020, 1 + k % 12, 1 + k % 27, 11, tzinfo=zone),
                )
                for k in range(n)
            )

        attendances = []
        for share, group in ((0.5, sessions("visit", VISITS, "参观")), (0.6, sessions("lecture", LECTURES, "党课"))):
            for p in people:
                if rng.random() < share:
                    s = rng.choice(group)
                    attendances.append(
                        Attendance(subdistrict=sd, session=s, person=p, method="import", signed_in_at=s.starts_at)
                    )
        Attendance.objects.bulk_create(attendances, batch_size=5000)
        serving = [p for p in people if rng.random() < 0.4]
        per_shift = len(serving) // SHIFTS + 1
        activity = Activity.objects.create(subdistrict=sd, kind="service", title="社区助老", organiser=centre)
        task = Task.objects.create(subdistrict=sd, activity=activity, contact="工作室", hours_per_shift=Decimal(2))
        shift_rows = Shift.objects.bulk_create(
            Shift(subdistrict=sd, task=task, session=s, capacity=per_shift, claimed=0)
            for s in sessions_of(activity, SHIFTS)
        )
        claims = Claim.objects.bulk_create(
            (Claim(subdistrict=sd, shift=shift_rows[i % len(shift_rows)], person=p) for i, p in enumerate(serving)),
            batch_size=5000,
        )
        ServiceRecord.objects.bulk_create(
            (
                ServiceRecord(
                    subdistrict=sd,
                    claim=c,
                    source="reported",
                    hours=Decimal(2),
                    status="verified",
                    verified_at=timezone.now(),
                )
                for c in claims
            ),
            batch_size=5000,
        )
    print(
        f"built {members} newcomers, {len(attendances)} attendances, {len(claims)} verified services "
        f"in {time.perf_counter() - started:.1f} s"
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
    parser.add_argument("--members", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-jit", action="store_true", help="PostgreSQL: SET jit = off for the session")
    parser.add_argument("--before", action="store_true", help="also time the former page's work (slow)")
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from jiedao.accounts.models import Role, RoleAssignment, User
    from jiedao.accounts.tokens import token_issue
    from jiedao.party.models import PartyMember
    from jiedao.party.selectors import missing_counts, newcomers, onboarding

    call_command("migrate", verbosity=0)
    sd_id = build(args.members)
    if connection.vendor == "postgresql":  # a live database has its statistics; a fresh bulk load not yet
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    if connection.vendor == "postgresql" and args.no_jit:
        # See docs/party.md: compiling these queries costs more than running them. Every
        # connection (a request may close and reopen it).
        from django.db.backends.signals import connection_created

        def no_jit(sender: object, connection: object, **kwargs: object) -> None:
            with connection.cursor() as cursor:  # type: ignore[attr-defined]
                cursor.execute("SET jit = off")

        connection_created.connect(no_jit, weak=False)
        connection.close()
    user, _ = User.objects.get_or_create(username="bench-party-centre", defaults={"subdistrict_id": sd_id})
    RoleAssignment.objects.get_or_create(user=user, role=Role.PARTY_MASS_CENTRE, subdistrict_id=sd_id)
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    client.get("/party/onboarding/")  # warm the session and the templates
    token, _ = token_issue(user=user)
    members = PartyMember.objects.filter(subdistrict_id=sd_id)
    counts = missing_counts(members, subdistrict_id=sd_id)
    print(f"database: {connection.vendor}, {args.members} newcomers: {counts}")

    def page(**query: str):  # type: ignore[no-untyped-def]
        def run() -> None:
            assert client.get("/party/onboarding/", query).status_code == 200

        return run

    def api() -> None:
        answer = client.get(
            "/api/v1/party/onboarding", {"missing": "any", "limit": 50}, headers={"Authorization": f"Bearer {token}"}
        )
        assert answer.status_code == 200

    def counts_only() -> None:
        missing_counts(members, subdistrict_id=sd_id)

    def before() -> None:
        """The former page: every newcomer's steps in Python to count and filter."""
        rows = onboarding(newcomers(members), subdistrict_id=sd_id)
        assert len(rows) == args.members

    for label, run in (
        ("page (not yet complete)", page()),
        ("page ?missing=service", page(missing="service")),
        ("page ?missing=done", page(missing="done")),
        ("page ?missing=all&page=300", page(missing="all", page="300")),
        ("API onboarding?missing=any", api),
        ("missing_counts() alone", counts_only),
        *([("before: steps of everyone", before)] if args.before else []),
    ):
        seconds, queries = timed(run, args.repeat)
        print(f"{label:32} {seconds * 1000:9.1f} ms (median of {args.repeat}), {queries} queries")


if __name__ == "__main__":
    main()
