"""Benchmark: booking throughput of ``POST /api/v1/counselling/appointments`` on
PostgreSQL behind gunicorn, and the count of double bookings seen (it must be 0).

    scripts/with-postgres .venv/bin/python bench/booking.py
    scripts/with-postgres .venv/bin/python bench/booking.py --clients 16 --rounds 100 --seconds 20

Migrates the database in DATABASE_URL (PostgreSQL), builds a bench sub-district with a
studio of 20 counsellors (every day 08:00–22:00, 50-minute sessions: about 7 800 slots
over 28 days), ``--clients`` residents with accounts, API tokens and their consent, then
serves the project (``config.wsgi``) behind gunicorn (``--workers`` sync workers,
127.0.0.1 on a free port, DEBUG off) exactly as ``bench/api_people.py`` does, and runs:

1. distinct slots: ``--clients`` threads, one resident each, book different slots
   from one shared queue for at most ``--seconds`` (or until the slots run out);
2. one contended slot: ``--rounds`` rounds; in each, every client thread POSTs the same
   fresh slot at once (a barrier): exactly one 201, the others 409 ``slot_taken``.

The weekly limit is raised to 1 000 for the bench residents (the check still runs, with
the person's row locked), so that throughput is not capped by the rule. Afterwards the
database is asked directly: slots with more than one active appointment, and pairs of
active appointments of one counsellor that overlap — both counts must be 0.
"""

import argparse
import datetime as dt
import http.client
import json
import os
import queue
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import api_people  # noqa: E402  (sets the production-like environment, shares the field key)

BENCH_CODE = "310109096"  # a fictional sub-district kept apart from the demo's
COUNSELLORS = 20
PATH = "/api/v1/counselling/appointments"


def prepare(clients: int) -> tuple[list[str], list[int]]:
    """(tokens of the bench residents, ids of the bookable slots in time order)."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from jiedao.accounts.models import Role, RoleAssignment, User
    from jiedao.accounts.tokens import token_issue
    from jiedao.core.validators import build_id_number
    from jiedao.counselling import consent
    from jiedao.counselling.models import (
        Appointment,
        AvailabilityRule,
        Consent,
        Counsellor,
        Room,
        Slot,
        Studio,
        WaitlistEntry,
    )
    from jiedao.counselling.services import generate_slots
    from jiedao.org.models import Subdistrict
    from jiedao.people.models import Person
    from jiedao.people.services import person_values

    if connection.vendor != "postgresql":
        raise SystemExit("Run on PostgreSQL: scripts/with-postgres .venv/bin/python bench/booking.py")
    call_command("migrate", verbosity=0)
    sd, _ = Subdistrict.objects.get_or_create(
        code=BENCH_CODE, defaults={"name": "预约基准街道", "district_name": "虹口区", "district_code": BENCH_CODE[:6]}
    )
    # Start afresh (an earlier run's people were encrypted with another throwaway key).
    Appointment.objects.filter(subdistrict=sd).delete()
    WaitlistEntry.objects.filter(subdistrict=sd).delete()
    Consent.objects.filter(subdistrict=sd).delete()
    Slot.objects.filter(subdistrict=sd).delete()
    AvailabilityRule.objects.filter(subdistrict=sd).delete()
    Counsellor.objects.filter(subdistrict=sd).delete()
    Room.objects.filter(subdistrict=sd).delete()
    Studio.objects.filter(subdistrict=sd).delete()
    Person.objects.filter(subdistrict=sd).delete()
    User.objects.filter(username__startswith="bench-booking-").delete()

    studio = Studio.objects.create(
        subdistrict=sd,
        name="基准咨询室",
        address="基准路1号",
        min_notice_hours=0,
        horizon_days=28,
        max_active_per_week=1000,
    )
    rooms = [Room.objects.create(subdistrict=sd, studio=studio, name=f"{i}号") for i in range(COUNSELLORS)]
    birth = dt.date(1980, 1, 1)
    seq = iter(range(1, 10**6))

    def person(name: str, user: User | None = None) -> Person:
        values = person_values(
            subdistrict_id=sd.pk, name=name, id_number=build_id_number("310109", birth, next(seq) % 999), phone=""
        )
        return Person.objects.create(user=user, **values)

    for i, room in enumerate(rooms):
        c = Counsellor.objects.create(
            subdistrict=sd, person=person(f"咨询师{i}"), qualification="二级", certificate_number=f"B{i:04d}"
        )
        c.studios.add(studio)
        for weekday in range(7):
            AvailabilityRule.objects.create(
                subdistrict=sd,
                counsellor=c,
                room=room,
                weekday=weekday,
                start_time=dt.time(8),
                end_time=dt.time(22),
                valid_from=timezone.localdate(),
            )
    generate_slots(studio)
    tokens = []
    for i in range(clients):
        user = User.objects.create_user(username=f"bench-booking-{i}", password=None, subdistrict=sd)
        RoleAssignment.objects.create(subdistrict=sd, user=user, role=Role.RESIDENT)
        p = person(f"来访者{i}", user)
        Consent.objects.create(
            subdistrict=sd, person=p, version=consent.CURRENT_VERSION, text="bench", agreed_at=timezone.now()
        )
        tokens.append(token_issue(user=user)[0])
    slots = list(
        Slot.objects.filter(
            room__studio=studio,
            starts_at__gt=timezone.now() + dt.timedelta(minutes=5),
            starts_at__lt=timezone.now() + dt.timedelta(days=studio.horizon_days - 1),
        )
        .order_by("starts_at", "id")
        .values_list("id", flat=True)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    version = connection.cursor().connection.info.server_version
    print(
        f"PostgreSQL {version // 10000}.{version % 10000}: {len(slots)} slots, {COUNSELLORS} counsellors, {clients} clients"
    )
    connection.close()
    return tokens, slots


def post(connection: http.client.HTTPConnection, token: str, slot: int) -> tuple[int, dict]:
    body = json.dumps({"slot": slot})
    connection.request(
        "POST", PATH, body=body, headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    )
    response = connection.getresponse()
    data = response.read()
    return response.status, json.loads(data) if data else {}


@dataclass
class Tally:
    statuses: dict[int, int] = field(default_factory=dict)
    codes: dict[str, int] = field(default_factory=dict)
    latencies_ms: list[float] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, status: int, body: dict, ms: float) -> None:
        with self.lock:
            self.statuses[status] = self.statuses.get(status, 0) + 1
            if status >= 400:
                code = str(body.get("code"))
                self.codes[code] = self.codes.get(code, 0) + 1
            self.latencies_ms.append(ms)

    def percentiles(self) -> str:
        ordered = sorted(self.latencies_ms) or [0.0]
        return f"p50 {ordered[len(ordered) // 2]:.1f} ms, p99 {ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]:.1f} ms"


def distinct(port: int, tokens: list[str], slots: list[int], seconds: float) -> tuple[Tally, float]:
    work: queue.SimpleQueue[int] = queue.SimpleQueue()
    for s in slots:
        work.put(s)
    tally = Tally()
    deadline = time.monotonic() + seconds

    def client(token: str) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.monotonic() < deadline:
            try:
                slot = work.get_nowait()
            except queue.Empty:
                break
            started = time.perf_counter()
            try:
                status, body = post(connection, token, slot)
            except (OSError, http.client.HTTPException):
                connection.close()
                status, body = 0, {}
            tally.add(status, body, (time.perf_counter() - started) * 1000)
        connection.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(t,)) for t in tokens]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return tally, time.perf_counter() - started


def contended(port: int, tokens: list[str], slots: list[int], rounds: int) -> tuple[Tally, float, int]:
    """Each round: every client POSTs the same slot at once. Returns the tally, the time
    and the number of rounds with other than exactly one 201."""
    tally = Tally()
    bad_rounds = 0
    started = time.perf_counter()
    for r in range(rounds):
        slot = slots[r]
        barrier = threading.Barrier(len(tokens))
        created = []

        def client(token: str, slot: int = slot, barrier: threading.Barrier = barrier, created: list = created) -> None:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            connection.connect()
            barrier.wait()
            t0 = time.perf_counter()
            try:
                status, body = post(connection, token, slot)
            except (OSError, http.client.HTTPException):
                status, body = 0, {}
            tally.add(status, body, (time.perf_counter() - t0) * 1000)
            if status == 201:
                created.append(slot)
            connection.close()

        threads = [threading.Thread(target=client, args=(t,)) for t in tokens]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        bad_rounds += len(created) != 1
    return tally, time.perf_counter() - started, bad_rounds


def double_bookings() -> tuple[int, int]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT count(*) FROM (SELECT slot_id FROM counselling_appointment
            WHERE status IN ('booked', 'attended', 'no_show') GROUP BY slot_id HAVING count(*) > 1) s"""
        )
        per_slot = cursor.fetchone()[0]
        cursor.execute(
            """SELECT count(*) FROM counselling_appointment a JOIN counselling_appointment b
            ON a.counsellor_id = b.counsellor_id AND a.id < b.id
            AND a.starts_at < b.ends_at AND b.starts_at < a.ends_at
            WHERE a.status IN ('booked', 'attended', 'no_show') AND b.status IN ('booked', 'attended', 'no_show')"""
        )
        overlaps = cursor.fetchone()[0]
    return int(per_slot), int(overlaps)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=16, help="client threads, one resident each (default 16)")
    parser.add_argument("--seconds", type=float, default=15, help="upper bound of the distinct-slot phase")
    parser.add_argument("--rounds", type=int, default=100, help="contended rounds (default 100)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers (default 4)")
    args = parser.parse_args()

    tokens, slots = prepare(args.clients)
    contended_slots, distinct_slots = slots[: args.rounds], slots[args.rounds :]
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"gunicorn: {args.workers} sync workers; {os.cpu_count()} CPUs shared with the clients and PostgreSQL; load {load}"
    )
    server = api_people.Server("config.wsgi:application")
    server.command = [c if not c.startswith("--workers=") else f"--workers={args.workers}" for c in server.command]
    with server:
        status, body = post(
            http.client.HTTPConnection("127.0.0.1", server.port, timeout=30), tokens[0], distinct_slots.pop()
        )
        if status != 201:
            raise SystemExit(f"warm-up booking: HTTP {status}: {body}")
        tally, elapsed = distinct(server.port, tokens, distinct_slots, args.seconds)
        ok = tally.statuses.get(201, 0)
        print(
            f"distinct slots:  {ok / elapsed:7.0f} bookings/s  ({ok} booked in {elapsed:.1f} s by {len(tokens)} clients, "
            f"statuses {dict(sorted(tally.statuses.items()))}, {tally.percentiles()})"
        )
        tally, elapsed, bad = contended(server.port, tokens, contended_slots, args.rounds)
        attempts = sum(tally.statuses.values())
        print(
            f"one slot, {len(tokens)} at once: {attempts / elapsed:7.0f} requests/s  ({args.rounds} rounds in {elapsed:.1f} s, "
            f"statuses {dict(sorted(tally.statuses.items()))}, codes {tally.codes}, {tally.percentiles()}); "
            f"rounds without exactly one winner: {bad}"
        )
    per_slot, overlaps = double_bookings()
    print(
        f"double bookings seen: {per_slot} slots with two active appointments, {overlaps} overlapping pairs per counsellor"
    )
    if per_slot or overlaps or bad:
        raise SystemExit("DOUBLE BOOKING")


if __name__ == "__main__":
    main()
