"""Benchmark: completion certificates of a class of 500 trainees, issued and rendered
as one zip (``services.issue_all`` then ``services.certificates_zip``: what the
"批量颁发" button's long job, ``training.jobs.issue_certificates``, does).

    scripts/with-postgres .venv/bin/python bench/training_certificates.py
    scripts/with-postgres .venv/bin/python bench/training_certificates.py --trainees 500

Migrates the database in DATABASE_URL (PostgreSQL), (re)builds a bench sub-district
with a labour-office account, a school, a course of 16 hours with four works and a
finished class of ``--trainees`` job seekers who attended every session and passed
every work, closes the class, then times the bulk issue: certificates issued and
rendered per second, the zip's size, and the peak memory of the process (ru_maxrss;
with ``--trace-memory`` also Python's allocations, tracemalloc, which slows it down).
"""

import argparse
import datetime as dt
import resource
import secrets
import sys
import time
import tracemalloc
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import api_people  # noqa: E402,F401  (sets the production-like environment on import)

BENCH_CODE = "310109097"  # a fictional sub-district kept apart from the demo's and the other benches'
LABOUR = "bench-training-labour"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trainees", type=int, default=500)
    parser.add_argument("--trace-memory", action="store_true", help="also trace Python's allocations (slows it down)")
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from jiedao.accounts.actor import actor_for
    from jiedao.accounts.models import Role, RoleAssignment, User
    from jiedao.activities.models import Activity, Attendance, Registration, Session
    from jiedao.core.validators import build_id_number
    from jiedao.org.models import Subdistrict, Unit
    from jiedao.people.models import Person
    from jiedao.people.services import person_values
    from jiedao.testing import numbered
    from jiedao.training import models, services

    if connection.vendor != "postgresql":
        raise SystemExit("Run on PostgreSQL: scripts/with-postgres .venv/bin/python bench/training_certificates.py")
    call_command("migrate", verbosity=0)
    subdistrict, _created = Subdistrict.objects.get_or_create(
        code=BENCH_CODE, defaults={"name": "培训基准街道", "district_name": "虹口区", "district_code": BENCH_CODE[:6]}
    )
    for model in (
        models.SubsidyClaim,
        models.ExternalCertificate,
        models.CompletionCertificate,
        models.Work,
        models.HoursCorrection,
        models.Enrolment,
        models.TrainingClass,
        models.RequiredWork,
        models.Course,
        models.SubsidyRule,
        models.Provider,
        Attendance,
        Registration,
        models.SessionHours,
        Session,
        Activity,
        Person,
    ):
        model.objects.filter(subdistrict=subdistrict).delete()
    User.objects.filter(username=LABOUR).delete()
    school, _created = Unit.objects.get_or_create(
        subdistrict=subdistrict, name="培训基准职业技能培训学校", defaults={"kind": Unit.Kind.TRAINING_SCHOOL}
    )
    labour = User.objects.create_user(username=LABOUR, password=secrets.token_urlsafe(16), subdistrict=subdistrict)
    RoleAssignment.objects.create(subdistrict=subdistrict, user=labour, role=Role.LABOUR_OFFICE)
    actor = actor_for(labour)
    provider = services.provider_create(actor=actor, unit=school, licence_number="基准许可证001")
    course = services.course_create(
        actor=actor,
        name="干花艺术插花",
        grade="special",
        prescribed_hours=Decimal(16),
        capacity=args.trainees,
        required_works=["干花密封罐", "干花花环", "干花桌面花盆", "干花花树"],
    )
    c = services.class_create(actor=actor, course=course, provider=provider, name="基准班", place="基准实训室")
    first = timezone.now().replace(microsecond=0) - dt.timedelta(days=30)
    sessions = [
        services.class_session_create(
            actor=actor,
            training_class=c,
            starts_at=first + dt.timedelta(days=d),
            ends_at=first + dt.timedelta(days=d, hours=4),
            hours=Decimal(4),
        )
        for d in (0, 2, 7, 9)
    ]
    birth = dt.date(1975, 1, 1)
    people = Person.objects.bulk_create(
        [
            Person(
                **person_values(
                    subdistrict_id=subdistrict.pk,
                    name=numbered("学员", i, 4),
                    id_number=build_id_number("310109", birth + dt.timedelta(days=i // 400), i % 400 * 2 + 1),
                    roles={"is_job_seeker"},
                )
            )
            for i in range(args.trainees)
        ],
        batch_size=500,
    )
    enrolments = models.Enrolment.objects.bulk_create(
        [
            models.Enrolment(subdistrict=subdistrict, training_class=c, person=p, status="enrolled", source="referral")
            for p in people
        ],
        batch_size=500,
    )
    models.TrainingClass.objects.filter(pk=c.pk).update(seats_taken=len(enrolments))
    Attendance.objects.bulk_create(
        [
            Attendance(
                subdistrict=subdistrict,
                session=s,
                person=p,
                method="qr",
                signed_in_at=s.starts_at,
                signed_out_at=s.ends_at,
            )
            for s in sessions
            for p in people
        ],
        batch_size=1000,
    )
    models.Work.objects.bulk_create(
        [
            models.Work(subdistrict=subdistrict, enrolment=e, required_work=w, mark="passed")
            for e in enrolments
            for w in course.required_works.all()
        ],
        batch_size=1000,
    )
    c.refresh_from_db()
    started = time.perf_counter()
    counts = services.close_class(actor=actor, training_class=c)
    closing = time.perf_counter() - started
    print(f"closed the class of {args.trainees}: {counts} in {closing:.2f} s")

    if args.trace_memory:
        tracemalloc.start()
    # What the "批量颁发" long job does (training.jobs.issue_certificates): issue every
    # certificate in one transaction, then render the valid ones into a zip.
    started = time.perf_counter()
    certificates, issued = services.issue_all(actor=actor, training_class=c)
    issuing = time.perf_counter() - started
    steps: list[int] = []
    content, count = services.certificates_zip(
        certificates,
        lambda n: f"https://jiedao.example/training/verify/{n}/",
        progress=lambda done, total: steps.append(done),
    )
    took = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] if args.trace_memory else 0
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"issued {issued} certificates in {issuing:.2f} s (one transaction), rendered {count} into one zip of "
        f"{len(content) / 1e6:.1f} MB in {took - issuing:.1f} s: {count / took:.1f} certificates/s overall; "
        f"peak RSS {rss:.0f} MB" + (f", peak Python allocations {peak / 1e6:.0f} MB" if peak else "")
    )


if __name__ == "__main__":
    main()
