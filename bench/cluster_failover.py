"""Benchmark: the cluster of ``make cluster`` loses an app server under load (issue #13 §3).

    make cluster
    .venv/bin/python bench/cluster_failover.py
    .venv/bin/python bench/cluster_failover.py --seconds 30 --concurrency 8 --signal TERM

Loads the nginx front of the running cluster (``deploy/cluster.py``; started first if a
part is down) with ``--concurrency`` client threads for ``--seconds`` (at most 60), each
cycling through a mix: ``GET /healthz``; ``GET /api/v1/auth/me`` with the demo admin's
bearer token; ``GET /people/`` (a page) with the demo admin's session; and a write,
``POST /api/v1/activities/sessions/{id}/sign-in`` (QR sign-in) of a distinct resident
each time, from a bench sub-district of ``--people`` residents made as in
``bench/sign_in.py``. Halfway through (``--kill-at``) it stops app server 2: by default
SIGKILL to its gunicorn master and workers at once, as when its machine is lost
(``--signal TERM``: a graceful stop of the master; ``--signal MASTER``: SIGKILL to the
master alone, whose sync workers then go on serving while requests keep coming).

Reports the requests served and failed by kind, each failure with its time relative to
the kill, the throughput before and after, how nginx spread the requests (its access
log: which app server answered, and how many requests it passed on to the other one),
and checks that every sign-in answered 201 is stored exactly once (and says how many
sign-ins whose answer was lost were stored all the same; each is retried once, as a
phone would, and must answer 201 or 200 with the same attendance). The app server is
started again at the end (``--keep-down`` leaves it down). Client, app servers,
PgBouncer, PostgreSQL and nginx share this machine's CPUs.
"""

import argparse
import http.client
import json
import os
import re
import secrets
import signal
import sys
import threading
import time
import urllib.parse
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import sign_in  # noqa: E402  (its import sets throwaway keys: the cluster's replace them below)

from deploy.cluster import Cluster  # noqa: E402
from deploy.processes import leftovers  # noqa: E402

DESCRIBE = {
    "KILL": "SIGKILL to app server 2's master and workers",
    "TERM": "SIGTERM to app server 2's master",
    "MASTER": "SIGKILL to app server 2's master alone",
}
DEMO_PASSWORD = "jiedao2020"  # jiedao/demo/data.py
EXPECTED = {"healthz": 200, "me": 200, "page": 200, "sign-in": 201}


@dataclass
class Outcome:
    kind: str
    started: float  # seconds since the load began
    ended: float
    status: int  # 0: no answer (connection refused, reset, timeout)
    token_index: int = -1
    attendance: int = 0


def prepare(cluster: Cluster, people: int) -> tuple[str, str, int, list[str]]:
    """The demo admin's API token and session; the bench session and its residents' tokens."""
    os.environ.update(cluster.environment(direct=True))
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from jiedao.accounts.models import User
    from jiedao.accounts.tokens import token_issue

    session_id, _probe, tokens = sign_in.prepare(people)
    admin = User.objects.get(username="admin")
    token, _ = token_issue(user=admin)
    client = Client()
    client.force_login(admin)
    connection.close()
    return token, client.cookies["sessionid"].value, session_id, tokens


def load(
    port: int,
    *,
    token: str,
    cookie: str,
    session_id: int,
    tokens: list[str],
    threads: int,
    seconds: float,
    kill_at: float,
    kill: Callable[[], None],
) -> tuple[list[Outcome], float]:
    from jiedao.activities import qr

    lock = threading.Lock()
    outcomes: list[Outcome] = []
    remaining = list(enumerate(tokens))
    begun = time.monotonic()
    deadline = begun + seconds

    def one(connection: http.client.HTTPConnection, kind: str) -> Outcome:
        index = -1
        body = None
        headers: dict[str, str] = {}
        if kind == "healthz":
            method, path = "GET", "/healthz"
        elif kind == "me":
            method, path, headers = "GET", "/api/v1/auth/me", {"Authorization": f"Bearer {token}"}
        elif kind == "page":
            method, path, headers = "GET", "/people/", {"Cookie": f"sessionid={cookie}"}
        else:
            with lock:
                index, raw = remaining.pop() if remaining else (-1, "")
            if index < 0:
                return one(connection, "healthz")
            method, path = "POST", f"/api/v1/activities/sessions/{session_id}/sign-in"
            body = json.dumps({"token": qr.issue(session_id).value})
            headers = {"Authorization": f"Bearer {raw}", "Content-Type": "application/json"}
        started = time.monotonic() - begun
        attendance = 0
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            payload = response.read()
            status = response.status
            if kind == "sign-in" and status in (200, 201):
                attendance = json.loads(payload)["id"]
        except (OSError, http.client.HTTPException):
            connection.close()
            status = 0
        return Outcome(kind, started, time.monotonic() - begun, status, index, attendance)

    def worker(offset: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        kinds = list(EXPECTED)
        step = offset
        while time.monotonic() < deadline:
            outcome = one(connection, kinds[step % len(kinds)])
            step += 1
            with lock:
                outcomes.append(outcome)
        connection.close()

    def killer() -> None:
        time.sleep(kill_at)
        kill()

    pool = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    timer = threading.Thread(target=killer)
    for thread in [*pool, timer]:
        thread.start()
    for thread in [*pool, timer]:
        thread.join()
    return outcomes, time.monotonic() - begun


def upstreams(log: Path, offset: int) -> tuple[Counter[str], int]:
    """Requests per app server in nginx's access log after ``offset``, and how many were
    passed on from one app server to the other (``upstream=a, b``)."""
    answered: Counter[str] = Counter()
    passed_on = 0
    with log.open("rb") as handle:
        handle.seek(offset)
        for line in handle.read().decode(errors="replace").splitlines():
            match = re.search(r"upstream=(\S+(?:, \S+)*) upstream_status=", line)
            if not match:
                continue
            hops = match[1].split(", ")
            passed_on += len(hops) > 1
            answered[hops[-1]] += 1
    return answered, passed_on


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=30, help="length of the load, at most 60 (default 30)")
    parser.add_argument("--kill-at", type=float, default=0, help="seconds into the load (default: halfway)")
    parser.add_argument("--concurrency", type=int, default=8, help="client threads (default 8)")
    parser.add_argument("--people", type=int, default=1500, help="residents for the sign-ins (default 1500)")
    parser.add_argument(
        "--signal",
        choices=["KILL", "TERM", "MASTER"],
        default="KILL",
        help="KILL: SIGKILL to the master and its workers at once (the machine is lost; default); "
        "TERM: SIGTERM to the master (a graceful stop); MASTER: SIGKILL to the master alone",
    )
    parser.add_argument("--keep-down", action="store_true", help="leave app server 2 down afterwards")
    args = parser.parse_args()
    if not (1 <= args.seconds <= 60 and 1 <= args.concurrency <= 64 and 1 <= args.people <= 5000):
        raise SystemExit("--seconds 1..60, --concurrency 1..64, --people 1..5000")
    kill_at = args.kill_at or args.seconds / 2

    cluster = Cluster()
    if not cluster.status():
        cluster.start()
    token, cookie, session_id, tokens = prepare(cluster, args.people)
    shared_state(cluster.ports.app1, cluster.ports.app2, cluster.ports.nginx)
    port = cluster.ports.nginx
    for path, headers in (
        ("/api/v1/auth/me", {"Authorization": f"Bearer {token}"}),
        ("/people/", {"Cookie": f"sessionid={cookie}"}),
    ):
        status, body = _get(port, path, headers)
        if status != 200:
            raise SystemExit(f"{path}: HTTP {status}: {body[:300]!r}")
    for _ in range(20):  # both app servers, every worker: imports, URL resolvers
        _get(port, "/healthz", {})
    pid_file = cluster.layout.app(2) / "gunicorn.pid"
    master = int(pid_file.read_text().split()[0])
    access_log = cluster.layout.nginx / "access.log"
    log_offset = access_log.stat().st_size
    victims = [master, *(pid for pid in leftovers(str(pid_file)) if pid != master)]
    if args.signal != "KILL":
        victims = [master]
    sig = signal.SIGTERM if args.signal == "TERM" else signal.SIGKILL

    def kill() -> None:
        for pid in victims:
            os.kill(pid, sig)

    load_average = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"nginx 127.0.0.1:{port} → app servers :{cluster.ports.app1} and :{cluster.ports.app2} (2 sync workers each) "
        f"→ PgBouncer → PostgreSQL; {args.concurrency} client threads for {args.seconds:.0f} s, "
        f"{DESCRIBE[args.signal]} (pids {victims}) at {kill_at:.1f} s; "
        f"{os.cpu_count()} CPUs shared by all; load {load_average}"
    )

    outcomes, elapsed = load(
        port,
        token=token,
        cookie=cookie,
        session_id=session_id,
        tokens=tokens,
        threads=args.concurrency,
        seconds=args.seconds,
        kill_at=kill_at,
        kill=kill,
    )
    time.sleep(1.5)  # nginx flushes its access log every second
    answered, passed_on = upstreams(access_log, log_offset)

    failed = [o for o in outcomes if o.status != EXPECTED[o.kind]]
    print("\n| kind | requests | failed | p50 ms | max ms |\n|---|---|---|---|---|")
    for kind in EXPECTED:
        mine = [o for o in outcomes if o.kind == kind]
        times = sorted((o.ended - o.started) * 1000 for o in mine)
        bad = sum(o.status != EXPECTED[kind] for o in mine)
        if times:
            print(f"| {kind} | {len(mine)} | {bad} | {times[len(times) // 2]:.0f} | {times[-1]:.0f} |")
    before = [o for o in outcomes if o.ended < kill_at]
    after = [o for o in outcomes if o.started >= kill_at]
    print(
        f"\nserved {len(outcomes) - len(failed)} of {len(outcomes)} in {elapsed:.1f} s; "
        f"before the kill {len(before) / kill_at:.0f} req/s, after it {len(after) / (elapsed - kill_at):.0f} req/s"
    )
    for o in failed:
        print(f"  failed: {o.kind} answered {o.status or 'nothing'} at {o.started - kill_at:+.2f} s from the kill")
    print(f"nginx: answered by {dict(answered)}; passed on to the other app server: {passed_on}")
    _check_writes(session_id, outcomes, port, tokens)
    if not args.keep_down:
        cluster.start_app(2)
    get_failures = [o for o in failed if o.kind != "sign-in"]
    if get_failures:
        raise SystemExit(f"{len(get_failures)} GET requests failed")


def _check_writes(session_id: int, outcomes: list[Outcome], port: int, tokens: list[str]) -> None:
    """Every sign-in answered 201 is stored exactly once; a lost answer, retried, is safe."""
    from django.db import connection

    from jiedao.activities import qr
    from jiedao.activities.models import Attendance

    posts = [o for o in outcomes if o.kind == "sign-in"]
    confirmed = {o.attendance for o in posts if o.status == 201}
    rows = list(Attendance.objects.filter(session_id=session_id).values_list("pk", "person_id"))
    stored = {pk for pk, _ in rows}
    people = Counter(person for _, person in rows)
    assert confirmed <= stored, f"{len(confirmed - stored)} sign-ins answered 201 are not stored"
    assert all(n == 1 for n in people.values()), "a person signed in twice"
    unconfirmed = len(stored) - len(confirmed)
    print(f"sign-ins: {len(confirmed)} answered 201, all stored once; {unconfirmed} stored whose answer was lost")
    retried: Counter[int] = Counter()
    for o in posts:
        if o.status != 201:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            conn.request(
                "POST",
                f"/api/v1/activities/sessions/{session_id}/sign-in",
                body=json.dumps({"token": qr.issue(session_id).value}),
                headers={"Authorization": f"Bearer {tokens[o.token_index]}", "Content-Type": "application/json"},
            )
            response = conn.getresponse()
            response.read()
            conn.close()
            retried[response.status] += 1
    if retried:
        print(f"retried once: {dict(retried)}")
        assert set(retried) <= {200, 201}, retried
    after = Attendance.objects.filter(session_id=session_id).values("person").distinct().count()
    assert after == Attendance.objects.filter(session_id=session_id).count()
    connection.close()


def shared_state(app1: int, app2: int, nginx: int) -> None:
    """A session made by one app server is honoured by the other; an upload leaves through
    nginx from the shared MEDIA_ROOT after the app's access check; a task is run by the
    worker; failed logins spread over both servers lock the account as on one (login
    throttling lives in the database)."""
    address = f"192.0.2.{secrets.randbelow(250) + 1}"  # a documentation address of its own (AXES_PROXY_COUNT=1)

    def login(port: int, username: str, password: str) -> tuple[int, str]:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("GET", "/accounts/login/", headers={"X-Forwarded-For": address})
        page = conn.getresponse()
        html = page.read().decode()
        csrf = re.search(r"csrftoken=([^;]+)", page.getheader("Set-Cookie") or "")
        field = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        assert csrf and field, "no CSRF token on the login page"
        form = urllib.parse.urlencode({"csrfmiddlewaretoken": field[1], "username": username, "password": password})
        conn.request(
            "POST",
            "/accounts/login/",
            body=form,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"csrftoken={csrf[1]}",
                "Origin": f"http://127.0.0.1:{port}",
                "X-Forwarded-For": address,
            },
        )
        answer = conn.getresponse()
        answer.read()
        session = re.search(r"sessionid=([^;]+)", answer.getheader("Set-Cookie") or "")
        conn.close()
        return answer.status, session[1] if session else ""

    status, session = login(app1, "admin", DEMO_PASSWORD)
    assert status == 302 and session, f"login at app server 1 answered {status}"
    status, _ = _get(app2, "/people/", {"Cookie": f"sessionid={session}"})
    assert status == 200, f"app server 2 did not honour app server 1's session ({status})"
    _uploads(app2, nginx, session)
    worker = _task_run_by_the_worker()
    nobody = f"bench-nobody-{secrets.token_hex(4)}"
    statuses = [login(port, nobody, "wrong")[0] for port in (app1, app2, app1, app2, app1, app2)]
    assert statuses[-1] == 429, statuses
    print(
        "shared state: a session made by app server 1 is honoured by app server 2; an upload is sent by "
        f"nginx after the app's check (X-Accel-Redirect), never directly; a task was run by the worker {worker[:8]}…; "
        "wrong passwords "
        f"alternating between them answered {statuses} (locked after the 5th, on either server)"
    )


def _uploads(app: int, nginx: int, session: str) -> None:
    from django.db import connection

    from jiedao.training.models import Work

    work = Work.objects.exclude(photo="").order_by("pk").first()
    assert work is not None, "the demo has no work photo"
    path, size, name = f"/training/works/{work.pk}/photo/", work.photo.size, work.photo.name
    connection.close()
    cookie = {"Cookie": f"sessionid={session}"}
    conn = http.client.HTTPConnection("127.0.0.1", app, timeout=30)
    conn.request("GET", path, headers=cookie)
    answer = conn.getresponse()
    body = answer.read()
    conn.close()
    assert answer.status == 200 and body == b"", (answer.status, len(body))
    assert answer.getheader("X-Accel-Redirect") == f"/protected-media/{name}", answer.getheader("X-Accel-Redirect")
    status, body = _get(nginx, path, cookie)
    assert status == 200 and len(body) == size, (status, len(body), size)
    assert _get(nginx, path, {})[0] in (302, 403), "a photo without a session"
    assert _get(nginx, f"/protected-media/{name}", {})[0] == 404, "the media folder is reachable directly"


def _task_run_by_the_worker() -> str:
    """A task enqueued here (any process with the database) is run by the cluster's worker."""
    from django.db import connection

    from jiedao.counselling.tasks import expire_offers  # a scheduled job: harmless to run again

    result = expire_offers.enqueue()
    deadline = time.monotonic() + 30
    while not result.is_finished and time.monotonic() < deadline:
        time.sleep(0.2)
        result.refresh()
    connection.close()
    assert result.is_finished and result.status.name == "SUCCESSFUL", (
        f"the worker did not run the task ({result.status})"
    )
    return result.worker_ids[-1]


def _get(port: int, path: str, headers: dict[str, str]) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


if __name__ == "__main__":
    main()
