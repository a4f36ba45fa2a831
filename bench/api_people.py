"""Benchmark: requests/s of ``GET /api/v1/people?limit=50`` against a bare Django view.

    scripts/with-postgres .venv/bin/python bench/api_people.py
    scripts/with-postgres .venv/bin/python bench/api_people.py --client python --requests 3000

Migrates the database in DATABASE_URL (PostgreSQL), creates a bench sub-district
with 2 000 people, an admin and an API token, then serves, one after the other,
the project (``config.wsgi``) and a bare Django view returning a fixed small JSON
(``bench/api_bare_wsgi.py``, its own minimal settings), each behind gunicorn the
same way: 2 sync workers, 127.0.0.1 on a free port, DEBUG off with the environment's
SECRET_KEY / JIEDAO_FIELD_KEY (throwaway ones when unset), ALLOWED_HOSTS and
SECURE_SSL_REDIRECT=0. Both are loaded by the same client, 127.0.0.1 only:

- ``wrk`` if it is installed (not a project dependency: ``apt-get install wrk``
  by hand), bounded by ``--seconds``;
- otherwise a Python client with ``--concurrency`` threads, bounded by
  ``--requests`` and by ``--seconds``.

Prints requests/s for both and their ratio. Client and servers share this
machine's CPUs, so the figures compare the two; they are not a capacity figure.
"""

import argparse
import datetime as dt
import http.client
import os
import random
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Production-like settings for this process and the gunicorn servers alike; the
# field key must be the same in both, or the servers could not read the people. Keys
# set in the environment are kept, so that several bench scripts share one database.
SERVER_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings",
    "DEBUG": "0",
    "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
    "JIEDAO_FIELD_KEY": os.environ.get("JIEDAO_FIELD_KEY") or secrets.token_urlsafe(32),
    "ALLOWED_HOSTS": "127.0.0.1",
    "SECURE_SSL_REDIRECT": "0",
    "LOG_LEVEL": "WARNING",
}
os.environ.update(SERVER_ENV)

BENCH_CODE = "310109097"  # a fictional sub-district kept apart from the demo's
ADMIN = "bench-api-admin"
PEOPLE = 2000
API_PATH = "/api/v1/people?limit=50"
WRK_THREADS = 2  # wrk's -t: the client's threads (its connections are spread over them)
BARE_PATH = "/ping"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈乐单"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂兰玉华建国志红跃懿文斌辉鹏宇浩"


def prepare() -> str:
    """Migrate, (re)build the bench sub-district with its people and admin; the admin's token."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from jiedao.accounts.models import Role, RoleAssignment, User
    from jiedao.accounts.tokens import token_issue
    from jiedao.core.validators import build_credit_code, build_id_number
    from jiedao.org.models import ResidentialArea, Subdistrict, Unit
    from jiedao.people.models import Person
    from jiedao.people.services import person_values

    if connection.vendor != "postgresql":
        raise SystemExit("Run on PostgreSQL: scripts/with-postgres .venv/bin/python bench/api_people.py")
    call_command("migrate", verbosity=0)
    subdistrict, _ = Subdistrict.objects.get_or_create(
        code=BENCH_CODE, defaults={"name": "接口基准街道", "district_name": "虹口区", "district_code": BENCH_CODE[:6]}
    )
    # An earlier run's rows were encrypted with another throwaway key: start afresh.
    Person.objects.filter(subdistrict=subdistrict).delete()
    User.objects.filter(username=ADMIN).delete()
    areas = [ResidentialArea.objects.get_or_create(subdistrict=subdistrict, name=f"基准居民区{i}")[0] for i in range(8)]
    units = [
        Unit.objects.get_or_create(
            subdistrict=subdistrict,
            name=f"基准企业{i:02d}有限公司",
            defaults={"kind": Unit.Kind.ENTERPRISE, "credit_code": build_credit_code(f"91310109MA7K{i:05d}")},
        )[0]
        for i in range(12)
    ]
    rng = random.Random(2020)
    start = dt.date(1950, 1, 1)
    people = [
        Person(
            **person_values(
                subdistrict_id=subdistrict.pk,
                name=rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice((1, 2)))),
                id_number=build_id_number("310109", start + dt.timedelta(days=i), i % 1000),
                phone=f"13{rng.randrange(10**9):09d}",
                residential_area=rng.choice(areas),
                employer=rng.choice(units) if rng.random() < 0.6 else None,
                roles=set(rng.sample(["is_worker", "is_union_member", "is_volunteer", "is_job_seeker"], k=2)),
            )
        )
        for i in range(PEOPLE)
    ]
    Person.objects.bulk_create(people, batch_size=500)
    admin = User.objects.create_user(username=ADMIN, password=secrets.token_urlsafe(16), subdistrict=subdistrict)
    RoleAssignment.objects.create(subdistrict=subdistrict, user=admin, role=Role.SUBDISTRICT_ADMIN)
    raw, _ = token_issue(user=admin)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # planner statistics as autovacuum would have them after a bulk load
    version = connection.cursor().connection.info.server_version
    print(f"PostgreSQL {version // 10000}.{version % 10000}: {PEOPLE} people in one sub-district, admin token issued")
    connection.close()  # the servers open their own connections
    return raw


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """A gunicorn serving ``app`` (2 sync workers) on 127.0.0.1; a context manager."""

    def __init__(self, app: str, *extra: str) -> None:
        self.port = free_port()
        self.log = tempfile.NamedTemporaryFile(prefix="bench-gunicorn-", suffix=".log")  # noqa: SIM115
        self.command = [
            sys.executable,
            "-m",
            "gunicorn",
            app,
            *extra,
            "--workers=2",
            f"--bind=127.0.0.1:{self.port}",
            "--log-level=warning",
        ]

    def __enter__(self) -> "Server":
        self.process = subprocess.Popen(
            self.command, cwd=ROOT, env={**os.environ, **SERVER_ENV}, stdout=self.log, stderr=self.log
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn exited:\n{Path(self.log.name).read_text()}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return self
            except OSError:
                time.sleep(0.2)
        self.__exit__()
        raise SystemExit("gunicorn did not start within 30 s")

    def __exit__(self, *_: object) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


def fetch(port: int, path: str, headers: dict[str, str]) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


@dataclass
class Result:
    requests: int
    seconds: float
    errors: int
    latencies_ms: list[float] = field(default_factory=list)
    note: str = ""
    output: str = ""

    @property
    def rate(self) -> float:
        return self.requests / self.seconds

    def describe(self) -> str:
        text = f"{self.rate:8.0f} req/s  ({self.requests} requests in {self.seconds:.1f} s, {self.errors} errors"
        if self.latencies_ms:
            ordered = sorted(self.latencies_ms)
            p50, p99 = ordered[len(ordered) // 2], ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
            text += f", p50 {p50:.1f} ms, p99 {p99:.1f} ms"
        return text + (f", {self.note}" if self.note else "") + ")"


def load_python(
    port: int, path: str, headers: dict[str, str], *, requests: int, seconds: float, threads: int
) -> Result:
    """``requests`` GETs from ``threads`` threads, stopping early at ``seconds``."""
    lock = threading.Lock()
    issued = 0
    errors = 0
    latencies: list[float] = []
    deadline = time.monotonic() + seconds

    def worker() -> None:
        nonlocal issued, errors
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)  # reopens after each close
        while True:
            with lock:
                if issued >= requests or time.monotonic() > deadline:
                    break
                issued += 1
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                connection.close()
                ok = False
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
                errors += not ok
        connection.close()

    started = time.perf_counter()
    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return Result(len(latencies), time.perf_counter() - started, errors, latencies, f"python, {threads} threads")


def load_wrk(
    port: int, path: str, headers: dict[str, str], *, seconds: float, threads: int, script: list[str] | None = None
) -> Result:
    """``wrk`` against one path; ``script`` is a Lua file and its arguments (requests built per
    call); the result keeps wrk's output (a script may print its own counts there)."""
    command = ["wrk", f"-t{WRK_THREADS}", f"-c{threads}", f"-d{max(1, round(seconds))}s", "--timeout=30s"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    if script:
        command += ["-s", script[0]]
    arguments = ["--", *script[1:]] if script else []
    output = subprocess.run(
        [*command, f"http://127.0.0.1:{port}{path}", *arguments], check=True, capture_output=True, text=True
    ).stdout
    total = re.search(r"(\d+) requests in ([\d.]+)(m?s)", output)
    if total is None:
        raise SystemExit(f"cannot read wrk's output:\n{output}")
    elapsed = float(total[2]) / (1000 if total[3] == "ms" else 1)
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    errors = int(bad[1]) if bad else 0
    # Sync workers close every connection; wrk counts those closes as read errors, which are not failures.
    if socket_errors:
        errors += int(socket_errors[1]) + int(socket_errors[4])
    latency = re.search(r"Latency\s+([\d.]+)(\w+)", output)
    note = f"wrk, {threads} connections" + (f", mean latency {latency[1]} {latency[2]}" if latency else "")
    return Result(int(total[1]), elapsed, errors, note=note, output=output)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--client", choices=["auto", "wrk", "python"], default="auto")
    parser.add_argument("--requests", type=int, default=3000, help="per target, Python client (default 3000)")
    parser.add_argument("--seconds", type=float, default=10, help="per target, upper bound (default 10)")
    parser.add_argument("--concurrency", type=int, default=8, help="threads or connections (default 8)")
    args = parser.parse_args()
    client = args.client
    if client == "auto":
        client = "wrk" if shutil.which("wrk") else "python"
    if client == "wrk" and not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (apt-get install wrk), or use --client python")

    token = prepare()
    targets = [
        ("GET /api/v1/people?limit=50", ("config.wsgi:application",), API_PATH, {"Authorization": f"Bearer {token}"}),
        ("bare Django JSON view", ("api_bare_wsgi:application", "--pythonpath=bench"), BARE_PATH, {}),
    ]
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"gunicorn: 2 sync workers each; {os.cpu_count()} CPUs shared with the client and PostgreSQL; load {load}")
    results: dict[str, Result] = {}
    for label, app, path, headers in targets:
        with Server(*app) as server:
            status, body = fetch(server.port, path, headers)
            if status != 200:
                raise SystemExit(f"{label}: HTTP {status}: {body[:300]!r}")
            if path == API_PATH:
                import json

                page = json.loads(body)
                assert page["count"] == PEOPLE and len(page["items"]) == 50, (page["count"], len(page["items"]))
                assert "id_number" not in page["items"][0], "a full ID number left the server"
            for _ in range(40):  # warm both workers up (imports, URL resolver, connections)
                fetch(server.port, path, headers)
            if client == "wrk":
                result = load_wrk(server.port, path, headers, seconds=args.seconds, threads=args.concurrency)
            else:
                result = load_python(
                    server.port,
                    path,
                    headers,
                    requests=args.requests,
                    seconds=args.seconds,
                    threads=args.concurrency,
                )
        results[label] = result
        print(f"{label:30} {result.describe()}")
    api, bare = results.values()
    print(f"ratio API / bare: {api.rate / bare.rate:.3f} (the bare view serves {bare.rate / api.rate:.1f}× as many)")
    if api.errors or bare.errors:
        raise SystemExit("some requests failed")


if __name__ == "__main__":
    main()
