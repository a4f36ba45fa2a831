"""A Jiedao cluster on loopback: what a city deployment runs, on one machine (issue #13 §3).

    make cluster                # scripts/cluster start
    make cluster-stop           # scripts/cluster stop
    scripts/cluster status

PostgreSQL (a private cluster under ``var/cluster/postgres``), PgBouncer in transaction
pooling in front of it, two gunicorn app servers, the django-tasks worker
(``manage.py db_worker``) and nginx balancing the two app servers and serving the static
files; all on 127.0.0.1, ports ``JIEDAO_CLUSTER_PORT`` (nginx, default 8400) and the four
after it. Everything runs as the current user under ``var/cluster/`` (pid files, logs,
the shared ``MEDIA_ROOT``), except that under root PostgreSQL and PgBouncer, which refuse
root, run as the ``postgres`` user as ``scripts/with-postgres`` does. Starting twice
changes nothing; a component that died is started again; a stale pid file is removed.
The first start migrates and loads the demo; later starts only migrate. See
docs/scaling.md.
"""

from __future__ import annotations

import argparse
import json
import os
import pwd
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

from deploy.config import (
    APP_SERVERS,
    DB_NAME,
    DB_USER,
    DEPLOY,
    ROOT,
    SERVICE_USER,
    ClusterError,
    Layout,
    Ports,
    app_environment,
    base_port,
    default_layout,
    read_keys,
    render,
    static_fingerprint,
)
from deploy.processes import (
    binary,
    get,
    leftovers,
    port_open,
    postgres_bin,
    running,
    stop_process,
    wait_for,
)


class Cluster:
    def __init__(self, layout: Layout | None = None, ports: Ports | None = None, *, create: bool = False) -> None:
        self.layout = layout or default_layout()
        self.ports = ports or Ports.from_base(base_port())
        self.keys = read_keys(self.layout, create=create)
        self.root_user = os.geteuid() == 0

    def environment(self, *, direct: bool = False) -> dict[str, str]:
        return app_environment(self.layout, self.ports, self.keys, direct=direct)

    def run(
        self, command: Sequence[str], *, service: bool = False, env: Mapping[str, str] | None = None, check: bool = True
    ) -> subprocess.CompletedProcess[str]:
        """Run ``command``; with ``service``, as the postgres user when we are root."""
        prefix = ["runuser", "-u", SERVICE_USER, "--"] if service and self.root_user else []
        result = subprocess.run(  # noqa: S603 (our own fixed commands)
            [*prefix, *command], env={**os.environ, **(env or {})}, capture_output=True, text=True, check=False
        )
        if check and result.returncode != 0:
            raise ClusterError(f"{' '.join(command)} failed:\n{result.stdout}{result.stderr}")
        return result

    def owned_by_service(self, path: Path) -> None:
        path.mkdir(parents=True, exist_ok=True)
        if self.root_user:
            entry = pwd.getpwnam(SERVICE_USER)
            for item in [path, *path.rglob("*")]:
                os.chown(item, entry.pw_uid, entry.pw_gid)

    def free(self, port: int, what: str) -> None:
        if port_open(port):
            raise ClusterError(
                f"port {port} (for {what}) is taken by another program: stop it or set JIEDAO_CLUSTER_PORT"
            )

    def write(self, path: Path, text: str, *, private: bool = False, service: bool = False) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        path.chmod(0o600 if private else 0o644)
        if service and self.root_user:
            entry = pwd.getpwnam(SERVICE_USER)
            os.chown(path, entry.pw_uid, entry.pw_gid)

    def configs(self) -> dict[str, str]:
        run_as = pwd.getpwuid(os.geteuid()).pw_name if self.root_user else None
        return render(self.layout, self.ports, password=self.keys["DATABASE_PASSWORD"], run_as=run_as)

    # PostgreSQL ---------------------------------------------------------------------

    def postgres_running(self) -> bool:
        if not (self.layout.pg_data / "PG_VERSION").exists():
            return False
        return (
            self.run(
                [postgres_bin("pg_ctl"), "status", "-D", str(self.layout.pg_data)], service=True, check=False
            ).returncode
            == 0
        )

    def start_postgres(self) -> None:
        layout = self.layout
        self.owned_by_service(layout.postgres)
        if not (layout.pg_data / "PG_VERSION").exists():
            shutil.rmtree(layout.pg_data, ignore_errors=True)  # a half-made one from an interrupted start
            password_file = layout.postgres / "password"
            self.write(password_file, self.keys["DATABASE_PASSWORD"] + "\n", private=True, service=True)
            try:
                self.run(
                    [
                        postgres_bin("initdb"),
                        "-D",
                        str(layout.pg_data),
                        "-U",
                        DB_USER,
                        f"--pwfile={password_file}",
                        "-A",
                        "scram-sha-256",
                        "-E",
                        "UTF8",
                        "--locale=C.UTF-8",
                    ],
                    service=True,
                )
            finally:
                password_file.unlink(missing_ok=True)
        if self.postgres_running():
            print(f"PostgreSQL     already running on 127.0.0.1:{self.ports.postgres}")
        else:
            self.free(self.ports.postgres, "PostgreSQL")
            options = (
                f"-c listen_addresses=127.0.0.1 -c port={self.ports.postgres} "
                f"-c unix_socket_directories={layout.postgres} -c max_connections=100 -c timezone=UTC"
                " -c jit=off"  # docs/deployment.md: JIT compiling cost seconds on queries of milliseconds
            )
            self.run(
                [
                    postgres_bin("pg_ctl"),
                    "-D",
                    str(layout.pg_data),
                    "-l",
                    str(layout.postgres / "postgres.log"),
                    "-w",
                    "-t",
                    "60",
                    "-o",
                    options,
                    "start",
                ],
                service=True,
            )
            print(f"PostgreSQL     started on 127.0.0.1:{self.ports.postgres}")
        psql = [postgres_bin("psql"), "-h", "127.0.0.1", "-p", str(self.ports.postgres), "-U", DB_USER, "-tA"]
        secret = {"PGPASSWORD": self.keys["DATABASE_PASSWORD"]}
        query = f"SELECT 1 FROM pg_database WHERE datname = '{DB_NAME}'"  # noqa: S608 (a constant)
        if self.run([*psql, "-d", "postgres", "-c", query], env=secret).stdout.strip() != "1":
            self.run([*psql, "-d", "postgres", "-c", f"CREATE DATABASE {DB_NAME}"], env=secret)

    # PgBouncer ----------------------------------------------------------------------

    def start_pgbouncer(self) -> None:
        directory = self.layout.pgbouncer
        self.owned_by_service(directory)
        configs = self.configs()
        self.write(directory / "pgbouncer.ini", configs["pgbouncer.ini"], service=True)
        self.write(directory / "userlist.txt", configs["userlist.txt"], private=True, service=True)
        if running(directory / "pgbouncer.pid", "pgbouncer"):
            print(f"PgBouncer      already running on 127.0.0.1:{self.ports.pgbouncer}")
            return
        self.free(self.ports.pgbouncer, "PgBouncer")
        self.run([binary("pgbouncer"), "-d", str(directory / "pgbouncer.ini")], service=True)
        wait_for(lambda: port_open(self.ports.pgbouncer), "PgBouncer", log=directory / "pgbouncer.log")
        print(f"PgBouncer      started on 127.0.0.1:{self.ports.pgbouncer} (transaction pooling)")

    # Django -------------------------------------------------------------------------

    def manage(self, *arguments: str) -> None:
        """A management command straight to PostgreSQL, its output shown."""
        result = subprocess.run(  # noqa: S603 (our own fixed commands)
            [sys.executable, "manage.py", *arguments],
            cwd=ROOT,
            env={**os.environ, **self.environment(direct=True)},
            check=False,
        )
        if result.returncode != 0:
            raise ClusterError(f"manage.py {' '.join(arguments)} failed")

    def prepare_database(self) -> None:
        self.manage("migrate", "--noinput", "--verbosity=0")
        # Compressing every file takes minutes on a busy machine: only when a source changed.
        fingerprint = static_fingerprint()
        stamp = self.layout.root / "static.fingerprint"
        manifest = self.layout.static_root / "staticfiles.json"
        if not manifest.exists() or not stamp.exists() or stamp.read_text(encoding="utf-8") != fingerprint:
            self.manage("collectstatic", "--noinput", "--verbosity=0")
            stamp.write_text(fingerprint, encoding="utf-8")
        if not self.layout.demo_marker.exists():
            self.manage("load_demo", "--force")
            self.layout.demo_marker.write_text(time.strftime("%Y-%m-%d %H:%M:%S\n"), encoding="utf-8")

    def start_app(self, number: int) -> None:
        directory = self.layout.app(number)
        directory.mkdir(parents=True, exist_ok=True)
        self.layout.media.mkdir(parents=True, exist_ok=True)
        port = self.ports.app(number)
        pid_file = directory / "gunicorn.pid"
        if running(pid_file, "gunicorn"):
            print(f"app server {number}   already running on 127.0.0.1:{port}")
            return
        for pid in leftovers(str(pid_file)):  # workers outliving a killed master
            stop_process(pid, grace=10)
        self.free(port, f"app server {number}")
        log = directory / "error.log"
        env = {**self.environment(), "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": "2"}
        self.run(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi:application",
                "-c",
                str(DEPLOY / "gunicorn_conf.py"),
                "--chdir",
                str(ROOT),
                "--daemon",
                "--pid",
                str(pid_file),
                "--error-logfile",
                str(log),
                "--control-socket",
                str(directory / "gunicorn.ctl"),
                "--name",
                f"jiedao-app{number}",
            ],
            env=env,
        )
        wait_for(lambda: port_open(port) and running(pid_file, "gunicorn") is not None, f"app server {number}", log=log)
        print(f"app server {number}   started on 127.0.0.1:{port} (gunicorn, 2 sync workers)")

    def start_worker(self) -> None:
        directory = self.layout.worker
        directory.mkdir(parents=True, exist_ok=True)
        pid_file = directory / "worker.pid"
        if running(pid_file, "db_worker"):
            print("task worker    already running")
            return
        with (directory / "worker.log").open("ab") as log:
            process = subprocess.Popen(
                [sys.executable, "manage.py", "db_worker", "--queue-name=*", "--no-reload"],
                cwd=ROOT,
                env={**os.environ, **self.environment()},
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        pid_file.write_text(f"{process.pid}\n", encoding="utf-8")
        time.sleep(1)
        if process.poll() is not None:
            raise ClusterError(f"the task worker exited; see {directory / 'worker.log'}")
        print(f"task worker    started (manage.py db_worker, pid {process.pid})")

    # nginx --------------------------------------------------------------------------

    def nginx_command(self) -> list[str]:
        directory = self.layout.nginx
        return [
            binary("nginx"),
            "-p",
            f"{directory}/",
            "-c",
            str(directory / "nginx.conf"),
            "-e",
            str(directory / "error.log"),
        ]

    def start_nginx(self) -> None:
        directory = self.layout.nginx
        for sub in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (directory / "tmp" / sub).mkdir(parents=True, exist_ok=True)
        self.write(directory / "nginx.conf", self.configs()["nginx.conf"])
        self.run([*self.nginx_command(), "-t", "-q"])
        if running(directory / "nginx.pid", "nginx"):
            self.run([*self.nginx_command(), "-s", "reload"])
            print(f"nginx          already running on 127.0.0.1:{self.ports.nginx} (configuration reloaded)")
            return
        self.free(self.ports.nginx, "nginx")
        self.run(self.nginx_command())
        wait_for(lambda: port_open(self.ports.nginx), "nginx", log=directory / "error.log")
        print(f"nginx          started on 127.0.0.1:{self.ports.nginx}")

    # the whole ----------------------------------------------------------------------

    def start(self) -> None:
        self.start_postgres()
        self.prepare_database()
        self.start_pgbouncer()
        for number in APP_SERVERS:
            self.start_app(number)
        self.start_worker()
        self.start_nginx()
        self.check()

    def check(self) -> None:
        """Each app server and the front answer /healthz (through PgBouncer); nginx serves a static file."""
        for what, port in (
            ("app server 1", self.ports.app1),
            ("app server 2", self.ports.app2),
            ("nginx", self.ports.nginx),
        ):
            status, body = get(port, "/healthz")
            if status != 200:
                raise ClusterError(f"{what}: /healthz answered {status}: {body[:200]!r}")
        manifest = json.loads((self.layout.static_root / "staticfiles.json").read_text(encoding="utf-8"))
        name = next(iter(manifest["paths"].values()))
        status, _ = get(self.ports.nginx, f"/static/{name}")
        if status != 200:
            raise ClusterError(f"nginx did not serve /static/{name} ({status})")
        print(f"\nJiedao cluster on http://127.0.0.1:{self.ports.nginx}/ (demo accounts: see docs/scaling.md)")

    def stop(self) -> None:
        layout = self.layout
        steps: list[tuple[str, Path, str, signal.Signals]] = [
            ("nginx", layout.nginx / "nginx.pid", "nginx", signal.SIGQUIT),
            *((f"app server {n}", layout.app(n) / "gunicorn.pid", "gunicorn", signal.SIGTERM) for n in APP_SERVERS),
            ("task worker", layout.worker / "worker.pid", "db_worker", signal.SIGTERM),
            ("PgBouncer", layout.pgbouncer / "pgbouncer.pid", "pgbouncer", signal.SIGINT),
        ]
        for what, pid_file, marker, sig in steps:
            pid = running(pid_file, marker)
            orphans = leftovers(str(pid_file)) if marker == "gunicorn" else []
            if pid is None and not orphans:
                print(f"{what:14} not running")
                continue
            for one in [pid, *orphans] if pid else orphans:
                stop_process(one, sig=sig, grace=35)
            pid_file.unlink(missing_ok=True)
            print(f"{what:14} stopped")
        if self.postgres_running():
            self.run([postgres_bin("pg_ctl"), "-D", str(layout.pg_data), "-m", "fast", "-w", "stop"], service=True)
            print("PostgreSQL     stopped")
        else:
            print("PostgreSQL     not running")

    def status(self) -> bool:
        layout = self.layout
        parts = [
            ("PostgreSQL", self.postgres_running(), self.ports.postgres),
            ("PgBouncer", running(layout.pgbouncer / "pgbouncer.pid", "pgbouncer") is not None, self.ports.pgbouncer),
            *(
                (f"app server {n}", running(layout.app(n) / "gunicorn.pid", "gunicorn") is not None, self.ports.app(n))
                for n in APP_SERVERS
            ),
            ("task worker", running(layout.worker / "worker.pid", "db_worker") is not None, 0),
            ("nginx", running(layout.nginx / "nginx.pid", "nginx") is not None, self.ports.nginx),
        ]
        for what, up, port in parts:
            where = f" on 127.0.0.1:{port}" if port else ""
            print(f"{what:14} {'running' + where if up else 'stopped'}")
        return all(up for _, up, _ in parts)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("action", choices=["start", "stop", "status"], nargs="?", default="start")
    args = parser.parse_args(argv)
    try:
        if args.action == "start":
            Cluster(create=True).start()
        elif args.action == "stop":
            if not default_layout().secrets_file.exists():
                print("no cluster under var/cluster")
                return 0
            Cluster().stop()
        else:
            return 0 if Cluster().status() else 3
    except ClusterError as error:
        print(f"cluster: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
