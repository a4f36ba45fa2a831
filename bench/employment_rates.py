"""Benchmark: the training and employment rates for a generated district of 5 000
trainees (``jiedao.employment.selectors.rates``, the page ``/employment/rates/``), the
due list (page and ``GET /api/v1/employment/follow-ups?due=true``) and scheduling the
follow-ups of every class.

    .venv/bin/python bench/employment_rates.py
    scripts/with-postgres .venv/bin/python bench/employment_rates.py --trainees 20000

Migrates the database in DATABASE_URL (without it, its own SQLite file under var/,
never the dev database), builds a bench sub-district: 5 providers × 4 courses, classes
of 50 trainees that ended through 2025, 85 % completed, 80 % certified (a few revoked);
schedules the follow-ups (30/90/180 days) and records 70 % of them with mixed outcomes.
Then times each read (``--repeat`` times, the median) and counts its queries: the count
must not depend on the number of trainees.
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
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
(ROOT / "var").mkdir(exist_ok=True)

BENCH_CODE = "310109096"  # a fictional sub-district kept apart from the demo's
COURSES = ("干花艺术插花", "家政服务", "养老护理", "中式面点")
CLASS_SIZE = 50
OUTCOMES = ("employed", "self_employed", "further_training", "not_employed", "unreachable")


def build(trainees: int) -> tuple[int, float]:
    """The bench sub-district (built once per size); its id and the scheduling time."""
    from django.db import transaction

    from jiedao.activities.models import Activity
    from jiedao.employment.models import FollowUp, with_due_on
    from jiedao.employment.services.follow_ups import schedule_follow_ups
    from jiedao.org.models import Subdistrict, Unit
    from jiedao.people.models import Person
    from jiedao.training.models import CompletionCertificate, Course, Enrolment, Grade, Provider, TrainingClass

    sd, _ = Subdistrict.objects.get_or_create(
        code=BENCH_CODE, defaults={"name": "培训就业基准街道", "district_name": "虹口区", "district_code": "310109"}
    )
    have = Enrolment.objects.filter(subdistrict=sd).count()
    if have == trainees:
        return sd.pk, 0.0
    if have:
        raise SystemExit("The bench sub-district has another size: drop var/bench.sqlite3 or use a fresh database.")
    rng = random.Random(11)
    started = time.perf_counter()
    with transaction.atomic():
        schools = Unit.objects.bulk_create(
            Unit(subdistrict=sd, name=f"基准培训学校{chr(0x4E00 + i)}", kind=Unit.Kind.TRAINING_SCHOOL)
            for i in range(5)
        )
        providers = Provider.objects.bulk_create(
            Provider(subdistrict=sd, unit=u, licence_number=f"BENCH{i:04d}") for i, u in enumerate(schools)
        )
        courses = Course.objects.bulk_create(
            Course(subdistrict=sd, name=name, grade=Grade.SPECIAL, prescribed_hours=Decimal("16")) for name in COURSES
        )
        n_classes = -(-trainees // CLASS_SIZE)
        ends = [dt.date(2022, 1, 15) + dt.timedelta(days=(i * 1400) // n_classes) for i in range(n_classes)]
        activities = Activity.objects.bulk_create(
            Activity(subdistrict=sd, kind=Activity.Kind.CLASS, title=f"基准班{i}", organiser=schools[i % 5])
            for i in range(n_classes)
        )
        classes = TrainingClass.objects.bulk_create(
            TrainingClass(
                subdistrict=sd,
                course=courses[i % len(courses)],
                provider=providers[i % len(providers)],
                activity=activities[i],
                name=f"基准班{i}",
                place="基准教室",
                capacity=CLASS_SIZE,
                seats_taken=CLASS_SIZE,
                starts_on=ends[i] - dt.timedelta(days=14),
                ends_on=ends[i],
            )
            for i in range(n_classes)
        )
        people = Person.objects.bulk_create(
            (
                Person(
                    subdistrict=sd,
                    name="基准学员",
                    gender="F" if i % 2 else "M",
                    birth_date="1985-01-01",
                    id_number=f"BENCH{i:013d}",
                    id_number_hash=f"bench-emp-{i:054d}",
                    is_job_seeker=True,
                )
                for i in range(trainees)
            ),
            batch_size=2000,
        )
        enrolments = []
        for i, person in enumerate(people):
            klass = classes[i // CLASS_SIZE]
            done = rng.random() < 0.85
            enrolments.append(
                Enrolment(
                    subdistrict=sd,
                    person=person,
                    training_class=klass,
                    status=Enrolment.Status.COMPLETED if done else Enrolment.Status.NOT_COMPLETED,
                    source=Enrolment.Source.REFERRAL,
                    completed_on=klass.ends_on if done else None,
                )
            )
        enrolments = Enrolment.objects.bulk_create(enrolments, batch_size=2000)
        CompletionCertificate.objects.bulk_create(
            (
                CompletionCertificate(
                    subdistrict=sd,
                    enrolment=e,
                    number=f"BENCH{e.pk:010d}",
                    hours=Decimal("16"),
                    grade=Grade.SPECIAL,
                    issued_on=e.completed_on,
                    revoked_at=None,
                )
                for e in enrolments
                if e.completed_on and rng.random() < 0.94
            ),
            batch_size=2000,
        )
    build_seconds = time.perf_counter() - started
    started = time.perf_counter()
    made = schedule_follow_ups(subdistrict_id=sd.pk, today=dt.date(2026, 6, 1))
    schedule_seconds = time.perf_counter() - started
    rows = list(with_due_on(FollowUp.objects.filter(subdistrict=sd)).only("pk"))
    recorded: list[FollowUp] = []
    for f in rows:
        if rng.random() < 0.7:
            f.outcome = rng.choice(OUTCOMES)
            f.followed_up_on = f.due_on  # type: ignore[attr-defined]
            if f.outcome == "employed":
                f.employer_name, f.contract = "基准用人单位", "fixed_term"
                f.employed_since = f.followed_up_on
            recorded.append(f)
    FollowUp.objects.bulk_update(
        recorded, ["outcome", "followed_up_on", "employer_name", "employed_since", "contract"], batch_size=2000
    )
    print(f"built {trainees} trainees in {len(classes)} classes in {build_seconds:.1f} s; ", end="")
    print(f"scheduled {made} follow-ups in {schedule_seconds:.2f} s, recorded {len(recorded)}")
    return sd.pk, schedule_seconds


def register_trainees(sd_id: int) -> None:
    """Every bench trainee on the job-seeker register (once), for the register's reads."""
    from jiedao.employment.models import JobSeeker
    from jiedao.people.models import Person

    people = Person.objects.filter(subdistrict_id=sd_id).exclude(job_seeker_registrations__isnull=False)
    JobSeeker.objects.bulk_create(
        (
            JobSeeker(
                subdistrict_id=sd_id,
                person_id=pk,
                registered_on=dt.date(2021, 6, 1) + dt.timedelta(days=pk % 300),
                education="senior",
                availability="full_time",
            )
            for pk in people.values_list("pk", flat=True)
        ),
        batch_size=500,
        ignore_conflicts=True,
    )


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
    parser.add_argument("--trainees", type=int, default=5_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from jiedao.accounts.actor import actor_for
    from jiedao.accounts.models import Role, RoleAssignment, User
    from jiedao.accounts.tokens import token_issue
    from jiedao.employment.selectors.rates import rates_for

    call_command("migrate", verbosity=0)
    sd_id, _seconds = build(args.trainees)
    register_trainees(sd_id)
    user, _ = User.objects.get_or_create(username="bench-labour", defaults={"subdistrict_id": sd_id})
    RoleAssignment.objects.get_or_create(user=user, role=Role.LABOUR_OFFICE, subdistrict_id=sd_id)
    actor = actor_for(user)
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    client.get("/employment/rates/")  # warm the session and the templates
    token, _ = token_issue(user=user)

    def get(url: str, **headers: str) -> None:
        assert client.get(url, headers=headers).status_code == 200

    rates = rates_for(actor)
    print(f"database: {connection.vendor}; {len(rates.rows)} rows, total {rates.total.trainees} trainees, ", end="")
    print(
        f"completion {rates.total.completion_rate}%, certificates {rates.total.certificate_rate}%, "
        + ", ".join(f"{d} days {rates.total.at(d).employment_rate}%" for d in rates.offsets)
    )
    for label, run in (
        ("rates_for()", lambda: rates_for(actor)),
        ("page /employment/rates/", lambda: get("/employment/rates/")),
        ("page /employment/follow-ups/", lambda: get("/employment/follow-ups/")),
        (
            "API follow-ups?due=true",
            lambda: get("/api/v1/employment/follow-ups?due=true", Authorization=f"Bearer {token}"),
        ),
        ("page /employment/seekers/", lambda: get("/employment/seekers/")),
        (
            "API seekers?status=open",
            lambda: get("/api/v1/employment/seekers?status=open", Authorization=f"Bearer {token}"),
        ),
        (
            "API seekers?q= (a name)",
            lambda: get("/api/v1/employment/seekers?q=%E5%9F%BA", Authorization=f"Bearer {token}"),
        ),
    ):
        seconds, queries = timed(run, args.repeat)
        print(f"{label:32} {seconds * 1000:8.1f} ms (median of {args.repeat}), {queries} queries")


if __name__ == "__main__":
    main()
