"""Benchmark: the study-hour ledger for a generated city district of 20 000 party
members (``jiedao.party.selectors.ledger``, the export job ``party.jobs.export_ledger``
started by ``POST /party/ledger/export/``, the page ``/party/ledger/`` and
``GET /api/v1/party/study-hours``).

    scripts/with-postgres .venv/bin/python bench/party_ledger.py
    scripts/with-postgres .venv/bin/python bench/party_ledger.py --members 2000

Migrates the database in DATABASE_URL, builds a bench sub-district (200 branches;
``--members`` members; 40 half-day lectures of the year, each attended by a random
tenth of the members; three approved entries per member), then times the whole-district
ledger (the export's computation), the export (the POST that queues the job, then the
job's run in this process as the worker would run it), the page and the API (``--repeat``
times each, the median), and counts their queries: the count must not depend on the
number of members. Registry rows are bulk-inserted (placeholder ID numbers, encrypted
like any other). Without DATABASE_URL it uses its own SQLite file under var/.
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
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench-party.sqlite3'}")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
(ROOT / "var").mkdir(exist_ok=True)

BENCH_CODE = "310109096"  # a fictional sub-district kept apart from the demo's
YEAR = 2020
BRANCHES = 200
LECTURES = 40


def build(members: int) -> int:
    """The bench sub-district (rebuilt only when its size differs); its id."""
    from django.db import transaction
    from django.utils import timezone

    from jiedao.activities.models import Activity, Attendance, Session
    from jiedao.org.models import Subdistrict, Unit
    from jiedao.party.models import Branch, Lecture, PartyMember, StudyEntry
    from jiedao.people.models import Person

    sd, _ = Subdistrict.objects.get_or_create(
        code=BENCH_CODE, defaults={"name": "党员学时基准街道", "district_name": "虹口区", "district_code": "310109"}
    )
    have = PartyMember.objects.filter(subdistrict=sd).count()
    if have == members:
        return sd.pk
    if have:
        raise SystemExit(
            "The bench sub-district has another size: drop var/bench-party.sqlite3 or use a fresh database."
        )
    rng = random.Random(10)
    started = time.perf_counter()
    zone = timezone.get_current_timezone()
    with transaction.atomic():
        office = Unit.objects.create(subdistrict=sd, name="基准党建办", kind=Unit.Kind.OFFICE)
        top = Branch.objects.create(subdistrict=sd, name="基准党工委", kind="committee", sector="office")
        branches = Branch.objects.bulk_create(
            Branch(subdistrict=sd, name=f"基准党支部{i:04d}", sector="residential", parent=top) for i in range(BRANCHES)
        )
        people = Person.objects.bulk_create(
            (
                Person(
                    subdistrict=sd,
                    name="基准党员",
                    gender="F" if i % 2 else "M",
                    birth_date="1975-01-01",
                    id_number=f"BENCH{i:013d}",
                    id_number_hash=f"bench-party-{i:052d}",
                    is_party_member=True,
                )
                for i in range(members)
            ),
            batch_size=5000,
        )
        member_rows = PartyMember.objects.bulk_create(
            (PartyMember(subdistrict=sd, person=p, branch=branches[i % BRANCHES]) for i, p in enumerate(people)),
            batch_size=5000,
        )
        for b in branches[:: BRANCHES // 20]:
            b.secretary = people[b.pk % members]
        Branch.objects.bulk_update(branches, ["secretary"])
        sessions = []
        for n in range(LECTURES):
            activity = Activity.objects.create(subdistrict=sd, kind="lecture", title=f"基准党课{n}", organiser=office)
            Lecture.objects.create(
                subdistrict=sd, activity=activity, topic="党史", speaker_kind="teacher", speaker_name="基准讲师"
            )
            start = dt.datetime(YEAR, 1 + n % 12, 1 + n % 27, 9, tzinfo=zone)
            sessions.append(
                Session.objects.create(
                    subdistrict=sd, activity=activity, starts_at=start, ends_at=start + dt.timedelta(hours=3), place="x"
                )
            )
        attendances = [
            Attendance(subdistrict=sd, session=s, person=p, method="import", signed_in_at=s.starts_at)
            for s in sessions
            for p in rng.sample(people, members // 10)
        ]
        Attendance.objects.bulk_create(attendances, batch_size=5000)
        entries = [
            StudyEntry(
                subdistrict=sd,
                member=m,
                source="external",
                title="培训",
                studied_on=dt.date(YEAR, 1 + k * 4, 10),
                hours=Decimal(rng.choice((4, 8))),
                status="approved",
            )
            for m in member_rows
            for k in range(3)
        ]
        StudyEntry.objects.bulk_create(entries, batch_size=5000)
    print(
        f"built {members} members, {len(attendances)} attendances, {len(entries)} entries "
        f"in {time.perf_counter() - started:.1f} s"
    )
    return sd.pk


def timed(run, repeat: int, prepare=None) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    """The median time of ``run`` and its queries (``prepare`` runs before each, untimed)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times = []
    queries = 0
    for _ in range(repeat):
        if prepare is not None:
            prepare()
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
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from jiedao.accounts.models import Role, RoleAssignment, User
    from jiedao.accounts.tokens import token_issue
    from jiedao.jobs.models import Job
    from jiedao.jobs.services import execute
    from jiedao.party.models import PartyMember
    from jiedao.party.selectors import ledger, members_of_year

    call_command("migrate", verbosity=0)
    sd_id = build(args.members)
    user, _ = User.objects.get_or_create(username="bench-party", defaults={"subdistrict_id": sd_id})
    RoleAssignment.objects.get_or_create(user=user, role=Role.PARTY_OFFICE, subdistrict_id=sd_id)
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    client.get("/party/ledger/")  # warm the session and the templates
    Job.objects.filter(owner=user).delete()  # the jobs of an earlier run
    token, _ = token_issue(user=user)

    def whole() -> None:
        rows = ledger(
            members_of_year(PartyMember.objects.filter(subdistrict_id=sd_id), YEAR), year=YEAR, subdistrict_id=sd_id
        )
        assert len(rows) == args.members

    def export_start() -> None:
        assert client.post("/party/ledger/export/", {"year": YEAR}).status_code == 302

    def no_jobs() -> None:
        Job.objects.filter(owner=user).delete()

    def queued() -> None:
        no_jobs()
        export_start()

    def export_run() -> None:
        job = Job.objects.filter(owner=user, status=Job.Status.QUEUED).get()
        execute(str(job.pk))
        job.refresh_from_db()
        assert job.status == Job.Status.DONE, job.message

    def page() -> None:
        assert client.get("/party/ledger/", {"year": YEAR}).status_code == 200

    def api() -> None:
        answer = client.get(
            "/api/v1/party/study-hours", {"year": YEAR, "limit": 200}, headers={"Authorization": f"Bearer {token}"}
        )
        assert answer.status_code == 200

    print(f"database: {connection.vendor}, {args.members} members")
    for label, run, prepare in (
        ("ledger() whole district", whole, None),
        ("export: POST (queue the job)", export_start, no_jobs),
        ("export: the job's run", export_run, queued),
        ("page /party/ledger/", page, None),
        ("API study-hours (200 rows)", api, None),
    ):
        seconds, queries = timed(run, args.repeat, prepare)
        print(f"{label:32} {seconds * 1000:9.1f} ms (median of {args.repeat}), {queries} queries")


if __name__ == "__main__":
    main()
