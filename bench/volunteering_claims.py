"""Benchmark: 200 phones claim the last 10 places of one shift at once, through
``POST /api/v1/volunteering/shifts/{id}/claim`` on PostgreSQL behind gunicorn.

    scripts/with-postgres .venv/bin/python bench/volunteering_claims.py
    scripts/with-postgres .venv/bin/python bench/volunteering_claims.py --phones 200 --rounds 5 --concurrency 32

Migrates the database in DATABASE_URL (PostgreSQL), (re)builds a bench sub-district
with a centre account, one task and ``--rounds`` shifts of 50 places of which 40 are
already claimed, and ``--phones`` residents each with an account, a person record and
an API token. Serves the project behind gunicorn (``bench/api_people.py``'s server,
``--workers`` sync workers), then for each shift has ``--concurrency`` client threads
post one claim per phone at once. Prints claims/s and p50/p95/max latency per round,
and counts the over-claimed shifts (a counter above the capacity, or more holding
claims than places): it must be 0. Every round must give exactly 10 answers 201 and
the rest 409 ``shift_full``.
"""

import argparse
import datetime as dt
import hashlib
import http.client
import json
import os
import secrets
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import api_people  # noqa: E402  (sets the production-like environment on import)
from api_people import Server  # noqa: E402

BENCH_CODE = "310109096"  # a fictional sub-district kept apart from the demo's and the other benches'
CENTRE = "bench-volunteering-centre"
USER_PREFIX = "bench-volunteering-"
PLACES, LEFT = 50, 10


def warm_up(port: int, requests: int) -> None:
    """Every worker booted and answering before the clock starts. On a loaded machine
    a sync worker can take longer than the client's 30 s to import the project: a
    timed-out request is tried again (for five minutes at most)."""
    deadline = time.monotonic() + 300
    done = 0
    while done < requests:
        try:
            api_people.fetch(port, "/healthz", {})
        except TimeoutError:
            if time.monotonic() > deadline:
                raise
            continue
        done += 1


def prepare(phones: int, rounds: int) -> tuple[list[int], list[str]]:
    """The shifts' ids and one raw API token per phone."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from jiedao.accounts.actor import actor_for
    from jiedao.accounts.models import ApiToken, Role, RoleAssignment, User
    from jiedao.activities.models import Activity, Session
    from jiedao.core.validators import build_id_number
    from jiedao.org.models import ResidentialArea, Subdistrict, Unit
    from jiedao.people.models import Person
    from jiedao.people.services import person_values
    from jiedao.testing import numbered
    from jiedao.volunteering import services
    from jiedao.volunteering.models import Claim, ServiceRecord, Shift, Task, Volunteer

    if connection.vendor != "postgresql":
        raise SystemExit("Run on PostgreSQL: scripts/with-postgres .venv/bin/python bench/volunteering_claims.py")
    call_command("migrate", verbosity=0)
    subdistrict, _created = Subdistrict.objects.get_or_create(
        code=BENCH_CODE, defaults={"name": "认领基准街道", "district_name": "虹口区", "district_code": BENCH_CODE[:6]}
    )
    for model in (ServiceRecord, Claim, Volunteer, Shift, Task, Session, Activity, Person):
        model.objects.filter(subdistrict=subdistrict).delete()  # type: ignore[attr-defined]
    User.objects.filter(username__startswith=USER_PREFIX).delete()
    User.objects.filter(username=CENTRE).delete()
    area, _created = ResidentialArea.objects.get_or_create(subdistrict=subdistrict, name="认领基准居民区")
    office, _created = Unit.objects.get_or_create(
        subdistrict=subdistrict, name="认领基准党群服务中心", defaults={"kind": Unit.Kind.OFFICE}
    )
    centre = User.objects.create_user(username=CENTRE, password=secrets.token_urlsafe(16), subdistrict=subdistrict)
    RoleAssignment.objects.create(subdistrict=subdistrict, user=centre, role=Role.PARTY_MASS_CENTRE)
    actor = actor_for(centre)
    task = services.task_create(
        actor=actor, organiser=office, title="基准公益服务", contact="021-65550000", hours_per_shift=2
    )
    day = timezone.localdate() + dt.timedelta(days=7)
    shifts = []
    for r in range(rounds):
        (shift,) = services.shifts_add(
            actor=actor,
            task=task,
            date=day + dt.timedelta(days=r),
            start=dt.time(9),
            end=dt.time(11),
            place="认领基准服务点",
            capacity=PLACES,
        )
        shifts.append(shift)

    total = phones + PLACES - LEFT
    users = [User(username=f"{USER_PREFIX}{i:05d}", subdistrict=subdistrict) for i in range(total)]
    for user in users:
        user.set_unusable_password()
    users = User.objects.bulk_create(users, batch_size=500)
    RoleAssignment.objects.bulk_create(
        [RoleAssignment(subdistrict=subdistrict, user=u, role=Role.RESIDENT) for u in users], batch_size=500
    )
    birth = dt.date(1960, 1, 1)
    people = Person.objects.bulk_create(
        [
            Person(
                user=user,
                **person_values(
                    subdistrict_id=subdistrict.pk,
                    name=numbered("认领居民", i, 4),
                    id_number=build_id_number("310109", birth + dt.timedelta(days=i // 400), i % 400 * 2 + 1),
                    residential_area=area,
                    roles={"is_volunteer"},
                ),
            )
            for i, user in enumerate(users)
        ],
        batch_size=500,
    )
    # The first 40 places of every shift are held by people who are not among the phones.
    holders = people[phones:]
    Claim.objects.bulk_create(
        [Claim(subdistrict=subdistrict, shift=s, person=p) for s in shifts for p in holders], batch_size=500
    )
    Shift.objects.filter(pk__in=[s.pk for s in shifts]).update(claimed=len(holders))
    phone_users = users[:phones]
    raws = [secrets.token_urlsafe(32) for _ in phone_users]
    expires = timezone.now() + dt.timedelta(hours=2)
    ApiToken.objects.bulk_create(
        [
            ApiToken(user=u, digest=hashlib.sha256(raw.encode()).hexdigest(), prefix=raw[:8], expires_at=expires)
            for u, raw in zip(phone_users, raws, strict=True)
        ],
        batch_size=500,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    version = connection.cursor().connection.info.server_version
    print(
        f"PostgreSQL {version // 10000}.{version % 10000}: {phones} phones; {rounds} shifts of {PLACES} places, "
        f"{LEFT} left on each"
    )
    connection.close()  # the servers open their own connections
    return [s.pk for s in shifts], raws


def run(port: int, shift_id: int, tokens: list[str], *, threads: int) -> tuple[float, list[float], dict[str, int]]:
    """One claim per token, all at once; elapsed seconds, latencies (ms), answers by status and code."""
    path = f"/api/v1/volunteering/shifts/{shift_id}/claim"
    lock = threading.Lock()
    queue = list(tokens)
    latencies: list[float] = []
    answers: dict[str, int] = {}
    barrier = threading.Barrier(threads)

    def worker() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        barrier.wait()
        while True:
            with lock:
                if not queue:
                    break
                raw = queue.pop()
            started = time.perf_counter()
            try:
                connection.request("POST", path, body=b"", headers={"Authorization": f"Bearer {raw}"})
                response = connection.getresponse()
                payload = response.read()
                key = str(response.status)
                if response.status == 409:
                    key += " " + json.loads(payload)["code"]
            except (OSError, http.client.HTTPException):
                connection.close()
                key = "0"
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
                answers[key] = answers.get(key, 0) + 1
        connection.close()

    started = time.perf_counter()
    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return time.perf_counter() - started, latencies, answers


def percentile(ordered: list[float], p: float) -> float:
    return ordered[min(len(ordered) - 1, int(len(ordered) * p))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--phones", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5, help="shifts, one race each (default 5)")
    parser.add_argument("--concurrency", type=int, default=32, help="client threads (default 32)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers (default 4)")
    args = parser.parse_args()
    assert LEFT <= args.phones <= 2000 and 1 <= args.rounds <= 50 and 1 <= args.concurrency <= 200

    all_ids, tokens = prepare(args.phones, args.rounds + 1)
    probe_id, shift_ids = all_ids[0], all_ids[1:]
    server = Server("config.wsgi:application")
    server.command = [part for part in server.command if not part.startswith("--workers=")] + [
        f"--workers={args.workers}"
    ]
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"gunicorn: {args.workers} sync workers; {args.concurrency} client threads; "
        f"{os.cpu_count()} CPUs shared with the client and PostgreSQL; load {load}"
    )
    everything: list[float] = []
    elapsed_all = 0.0
    results = []
    with server:
        warm_up(server.port, args.workers * 10)
        # One phone at a time, on a shift of its own: a claim's latency without a queue.
        elapsed0, latencies0, answers0 = run(server.port, probe_id, tokens[: 2 * LEFT], threads=1)
        ordered0 = sorted(latencies0)
        print(
            f"one at a time: {len(latencies0) / elapsed0:5.0f} claims/s; p50 {percentile(ordered0, 0.5):.1f} ms, "
            f"p95 {percentile(ordered0, 0.95):.1f} ms; answers {answers0}"
        )
        for n, shift_id in enumerate(shift_ids, 1):
            elapsed, latencies, answers = run(server.port, shift_id, tokens, threads=args.concurrency)
            ordered = sorted(latencies)
            everything += latencies
            elapsed_all += elapsed
            results.append(answers)
            print(
                f"round {n}: {len(latencies) / elapsed:6.0f} claims/s ({len(latencies)} in {elapsed:.2f} s; "
                f"p50 {percentile(ordered, 0.5):.1f} ms, p95 {percentile(ordered, 0.95):.1f} ms, "
                f"max {ordered[-1]:.1f} ms; answers {answers})"
            )

    import django
    from django.db import connection
    from django.db.models import Count, F, Q

    django.setup()
    from jiedao.volunteering.models import Shift

    shifts = Shift.objects.filter(pk__in=all_ids).annotate(
        holding=Count("claims", filter=Q(claims__status__in=("claimed", "offered")))
    )
    over = shifts.filter(Q(claimed__gt=F("capacity")) | Q(holding__gt=F("capacity"))).count()
    full = shifts.filter(claimed=F("capacity"), holding=F("capacity")).count()
    connection.close()
    ordered = sorted(everything)
    print(
        f"all rounds: {len(everything) / elapsed_all:.0f} claims/s, p95 {percentile(ordered, 0.95):.1f} ms; "
        f"over-claimed shifts: {over}; shifts exactly full: {full} of {len(all_ids)}"
    )
    assert over == 0, over
    assert full == len(all_ids), full
    assert answers0 == {"201": LEFT, "409 shift_full": LEFT}, answers0
    for answers in results:
        assert answers == {"201": LEFT, "409 shift_full": args.phones - LEFT}, answers


if __name__ == "__main__":
    main()
