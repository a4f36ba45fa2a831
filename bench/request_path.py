"""Benchmark: the fixed cost of a request (issue #13 §1), as a ratio to a bare Django view.

    .venv/bin/python bench/request_path.py                          # SQLite (a throwaway file)
    scripts/with-postgres .venv/bin/python bench/request_path.py    # PostgreSQL
    .venv/bin/python bench/request_path.py --seconds 3 --rounds 3 --only healthz,me

Loads the demo (``load_demo --force``) into the database of ``DATABASE_URL`` (a fresh SQLite
file when unset), then serves the project (``config.wsgi``) and the bare view of
``bench/api_bare_wsgi.py`` side by side, each behind gunicorn with 2 sync workers on
127.0.0.1, DEBUG off. ``wrk`` loads them in turn — bare, path, bare, next path… — for
``--rounds`` rounds, so each path is compared with the bare view measured around it on a
machine in the same state. A path's ratio is its requests/s over the mean of the bare
view's runs just before and after it; the table gives the median over the rounds and the
target of the issue. The API calls carry the demo admin's bearer token, the pages the
demo admin's session cookie (second factor off for this run only). On PostgreSQL it also
measures the QR sign-in (a write; the issue's target is for PostgreSQL): residents with
accounts are built by ``bench/sign_in.py``'s set-up, and ``bench/sign_in.lua`` has every
request sign another of them in with the session's current QR code; every answer must be
a 201 (a new attendance), and at the end every one of them must be stored. ``wrk`` is installed by
``scripts/ensure-system-packages --bench`` when missing.
"""

import argparse
import datetime as dt
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import api_people  # noqa: E402  (sets the production-like environment on import)
import sign_in  # noqa: E402
from api_people import ROOT, WRK_THREADS, Result, Server, fetch, load_wrk  # noqa: E402

# A staff session without its second factor would be sent to the code page.
os.environ["JIEDAO_REQUIRE_SECOND_FACTOR"] = "0"
api_people.SERVER_ENV["JIEDAO_REQUIRE_SECOND_FACTOR"] = "0"
api_people.SERVER_ENV["ALLOWED_HOSTS"] = os.environ["ALLOWED_HOSTS"] = "127.0.0.1,testserver"


@dataclass
class Target:
    name: str
    path: str
    auth: str  # "" (none), "token", "session" or "sign-in" (a POST per resident, bench/sign_in.lua)
    goal: float  # the issue's ratio to the bare view
    ratios: list[float] = field(default_factory=list)
    rates: list[float] = field(default_factory=list)


@dataclass
class SignIns:
    """The bench session's residents (``sign_in.USER_PREFIX`` + their index), handed out run
    by run: each run gets those who have not signed in yet."""

    session_id: int
    tokens: list[str]
    created: int = 0
    folder: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="bench-sign-in-")))

    def _signed_in(self) -> set[int]:
        from django.db import connection

        from jiedao.activities.models import Attendance

        names = Attendance.objects.filter(session_id=self.session_id).values_list("person__user__username", flat=True)
        found = {int(name.removeprefix(sign_in.USER_PREFIX)) for name in names}
        connection.close()
        return found

    def script(self) -> list[str]:
        """The Lua script and its arguments for the next run: the residents not signed in
        yet, each with the session's QR code issued now (a code lives two minutes)."""
        from jiedao.activities import qr

        done = self._signed_in()
        body = json.dumps({"token": qr.issue(self.session_id).value})
        lines = [f"{raw}\t{body}\n" for i, raw in enumerate(self.tokens) if i not in done]
        if len(lines) < 500:
            raise SystemExit(f"{len(lines)} residents left for the QR sign-in: raise --sign-in-people")
        path = self.folder / "residents.tsv"
        path.write_text("".join(lines), encoding="utf-8")
        return [str(BENCH / "sign_in.lua"), str(path), str(WRK_THREADS)]

    def done(self, run: Result) -> None:
        """Count the run's sign-ins by status (``sign_in.lua`` prints them); a repeat means a
        thread ran out of residents, and the run measured reads, not writes."""
        counts = re.search(r"sign-ins: (\d+) created, (\d+) repeated, (\d+) other", run.output)
        if counts is None:
            raise SystemExit(f"no sign-in counts in wrk's output:\n{run.output}")
        created, repeated, other = map(int, counts.groups())
        if repeated or other:
            raise SystemExit(f"QR sign-in: {repeated} repeats and {other} failures: raise --sign-in-people")
        self.created += created

    def check(self) -> None:
        """Every sign-in answered 201 stored its attendance (a few more are stored: those
        still in flight when a run's time was up, whose answers wrk did not wait for)."""
        stored = len(self._signed_in())
        shutil.rmtree(self.folder, ignore_errors=True)  # the residents' bearer tokens
        if stored < self.created:
            raise SystemExit(f"QR sign-in: {self.created} answered 201 but {stored} attendances stored")
        print(f"QR sign-in: {self.created} answered 201, {stored} attendances stored")


def reads() -> tuple[str, str, list[Target]]:
    """The demo admin's new token and session cookie, and the read paths with their targets
    (the demo must be loaded; ``bench/explain_paths.py`` uses them too)."""
    from django.test import Client

    from jiedao.accounts.models import User
    from jiedao.accounts.tokens import token_issue
    from jiedao.meetings.models import Meeting

    admin = User.objects.get(username="admin")
    token, _ = token_issue(user=admin)
    client = Client()
    client.force_login(admin)
    session = client.cookies["sessionid"].value
    meeting = Meeting.objects.order_by("pk").values_list("pk", flat=True).first()
    monday = dt.date.today() - dt.timedelta(days=dt.date.today().weekday())
    week = f"date_from={monday}&date_to={monday + dt.timedelta(days=6)}"
    return (
        token,
        session,
        [
            Target("healthz", "/healthz", "", 0.5),
            Target("me", "/api/v1/auth/me", "token", 0.25),
            Target("people API", "/api/v1/people?limit=20", "token", 0.25),
            Target("meeting API", f"/api/v1/meetings/{meeting}", "token", 0.25),
            Target("slots API", f"/api/v1/counselling/slots?{week}", "token", 0.25),
            Target("dashboard", "/people/dashboard/", "session", 0.15),
            Target("people page", "/people/", "session", 0.15),
        ],
    )


def prepare(sign_in_people: int) -> tuple[str, str, list[Target], SignIns | None]:
    """The demo in the bench database; the admin's token and session cookie; the targets."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # pages name hashed files with DEBUG off
    call_command("load_demo", force=True, verbosity=0)
    token, session, targets = reads()
    print(f"{connection.vendor}: demo loaded")
    connection.close()  # the servers open their own connections
    sign_ins = None
    if connection.vendor == "postgresql":
        session_id, _probe, tokens = sign_in.prepare(sign_in_people)
        sign_ins = SignIns(session_id, tokens)
        targets.append(Target("QR sign-in", f"/api/v1/activities/sessions/{session_id}/sign-in", "sign-in", 0.1))
    return token, session, targets, sign_ins


def headers(target: Target, token: str, session: str) -> dict[str, str]:
    if target.auth == "token":
        return {"Authorization": f"Bearer {token}"}
    if target.auth == "session":
        return {"Cookie": f"sessionid={session}"}
    return {}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=5, help="per run (default 5)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds over all paths (default 3)")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections (default 16)")
    parser.add_argument("--only", default="", help="comma-separated target names")
    parser.add_argument(
        "--sign-in-people", type=int, default=6000, help="residents for the QR sign-in, one per request (default 6000)"
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        subprocess.run([ROOT / "scripts/ensure-system-packages", "--bench"], check=True)
    if "DATABASE_URL" not in os.environ:
        scratch = Path(tempfile.mkdtemp(prefix="bench-request-"))
        os.environ["DATABASE_URL"] = f"sqlite:///{scratch / 'db.sqlite3'}"
    token, session, targets, sign_ins = prepare(args.sign_in_people)
    if args.only:
        targets = [t for t in targets if t.name in args.only.split(",")]
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"gunicorn 2 sync workers each, wrk -c{args.connections}, {args.seconds:.0f} s per run; load {load}")
    with (
        Server("config.wsgi:application") as project,
        Server("api_bare_wsgi:application", "--pythonpath=bench") as bare,
    ):
        gets = [t for t in targets if t.auth != "sign-in"]
        for target in gets:
            status, body = fetch(project.port, target.path, headers(target, token, session))
            if status != 200:
                raise SystemExit(f"{target.name}: HTTP {status}: {body[:300]!r}")
        for _ in range(40):  # warm both up (imports, URL resolvers, connections)
            fetch(bare.port, "/ping", {})
            for target in gets:
                fetch(project.port, target.path, headers(target, token, session))
        errors = 0
        for _ in range(args.rounds):
            before = load_wrk(bare.port, "/ping", {}, seconds=args.seconds, threads=args.connections)
            errors += before.errors
            for target in targets:
                signing_in = target.auth == "sign-in" and sign_ins is not None
                run = load_wrk(
                    project.port,
                    target.path,
                    headers(target, token, session),
                    seconds=args.seconds,
                    threads=args.connections,
                    script=sign_ins.script() if signing_in else None,
                )
                if signing_in:
                    sign_ins.done(run)
                after = load_wrk(bare.port, "/ping", {}, seconds=args.seconds, threads=args.connections)
                errors += run.errors + after.errors
                target.rates.append(run.rate)
                target.ratios.append(run.rate / ((before.rate + after.rate) / 2))
                before = after
    print(f"\n| path | req/s (median) | ratio to the bare view (median of {args.rounds}) | target |")
    print("|---|---|---|---|")
    for target in targets:
        ratio = statistics.median(target.ratios)
        verdict = "met" if ratio >= target.goal else "not met"
        print(
            f"| `{target.path.split('?')[0]}` | {statistics.median(target.rates):.0f} | {ratio:.3f} "
            f"| ≥ {target.goal} ({verdict}) |"
        )
    if sign_ins is not None:
        sign_ins.check()
    if errors:
        raise SystemExit(f"{errors} requests failed")


if __name__ == "__main__":
    main()
