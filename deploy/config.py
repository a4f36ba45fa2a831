"""The loopback cluster's configuration: ports, file layout, rendered files, settings
and secrets (deploy/cluster.py starts the processes)."""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
DEFAULT_PORT = 8400
SERVICE_USER = "postgres"  # PostgreSQL and PgBouncer will not run as root
APP_SERVERS = (1, 2)
DB_USER = "jiedao"
DB_NAME = "jiedao"
SECRET_NAMES = ("SECRET_KEY", "JIEDAO_FIELD_KEY", "DATABASE_PASSWORD")


class ClusterError(Exception):
    """A step that cannot go on; its message says what to do."""


@dataclass(frozen=True)
class Ports:
    nginx: int
    app1: int
    app2: int
    pgbouncer: int
    postgres: int

    @classmethod
    def from_base(cls, base: int) -> Ports:
        return cls(nginx=base, app1=base + 1, app2=base + 2, pgbouncer=base + 3, postgres=base + 4)

    def app(self, number: int) -> int:
        return self.app1 if number == 1 else self.app2


def base_port(environ: Mapping[str, str] = os.environ) -> int:
    raw = environ.get("JIEDAO_CLUSTER_PORT", "") or str(DEFAULT_PORT)
    if not raw.isdigit() or not 1024 <= int(raw) <= 65530:
        raise ClusterError(f"JIEDAO_CLUSTER_PORT must be a port between 1024 and 65530, not {raw!r}")
    return int(raw)


@dataclass(frozen=True)
class Layout:
    """Where each part keeps its files."""

    root: Path  # var/cluster
    static_root: Path  # STATIC_ROOT of config/settings.py (collectstatic's output)

    @property
    def secrets_file(self) -> Path:
        return self.root / "cluster.env"

    @property
    def postgres(self) -> Path:
        return self.root / "postgres"

    @property
    def pg_data(self) -> Path:
        return self.postgres / "data"

    @property
    def pgbouncer(self) -> Path:
        return self.root / "pgbouncer"

    @property
    def nginx(self) -> Path:
        return self.root / "nginx"

    @property
    def media(self) -> Path:
        return self.root / "media"

    @property
    def worker(self) -> Path:
        return self.root / "worker"

    @property
    def demo_marker(self) -> Path:
        return self.root / "demo-loaded"

    def app(self, number: int) -> Path:
        return self.root / f"app{number}"


def default_layout() -> Layout:
    return Layout(root=ROOT / "var" / "cluster", static_root=ROOT / "var" / "staticfiles")


# --- configuration ---------------------------------------------------------------------

_PLACEHOLDER = re.compile(r"@([A-Z0-9_]+)@")


def fill(template: str, values: Mapping[str, str]) -> str:
    """``template`` with each ``@NAME@`` replaced; an unknown name is an error."""

    def one(match: re.Match[str]) -> str:
        if match[1] not in values:
            raise ClusterError(f"no value for @{match[1]}@")
        return values[match[1]]

    return _PLACEHOLDER.sub(one, template)


def render(layout: Layout, ports: Ports, *, password: str, run_as: str | None) -> dict[str, str]:
    """The configuration files, by name: nginx.conf, pgbouncer.ini, userlist.txt.

    ``run_as``: the user nginx's workers run as when nginx is started by root (else None).
    """
    nginx = fill(
        (DEPLOY / "nginx.conf.in").read_text(encoding="utf-8"),
        {
            "USER_LINE": f"user {run_as};" if run_as else "# (not started by root: no user directive)",
            "NGINX_DIR": str(layout.nginx),
            "NGINX_PORT": str(ports.nginx),
            "APP1_PORT": str(ports.app1),
            "APP2_PORT": str(ports.app2),
            "STATIC_ROOT": str(layout.static_root),
            "MEDIA_ROOT": str(layout.media),
        },
    )
    pgbouncer = fill(
        (DEPLOY / "pgbouncer.ini.in").read_text(encoding="utf-8"),
        {
            "POSTGRES_PORT": str(ports.postgres),
            "PGBOUNCER_PORT": str(ports.pgbouncer),
            "PGBOUNCER_DIR": str(layout.pgbouncer),
        },
    )
    return {"nginx.conf": nginx, "pgbouncer.ini": pgbouncer, "userlist.txt": f'"{DB_USER}" "{password}"\n'}


def app_environment(layout: Layout, ports: Ports, keys: Mapping[str, str], *, direct: bool = False) -> dict[str, str]:
    """Settings of the app servers and the worker (through PgBouncer), or with ``direct``
    of management commands (migrate, load_demo, the benchmarks' set-up) straight to PostgreSQL."""
    port = ports.postgres if direct else ports.pgbouncer
    front = f"127.0.0.1:{ports.nginx}"
    return {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        "SECRET_KEY": keys["SECRET_KEY"],
        "JIEDAO_FIELD_KEY": keys["JIEDAO_FIELD_KEY"],
        "DATABASE_URL": f"postgres://{DB_USER}:{keys['DATABASE_PASSWORD']}@127.0.0.1:{port}/{DB_NAME}",
        # PgBouncer keeps the server connections; Django must not hold one across requests.
        "DATABASE_CONN_MAX_AGE": "0" if not direct else "60",
        "DATABASE_BEHIND_PGBOUNCER": "0" if direct else "1",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "CSRF_TRUSTED_ORIGINS": f"http://{front},http://localhost:{ports.nginx}",
        # Plain HTTP on loopback: no TLS to redirect to.
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_HSTS_SECONDS": "0",
        "AXES_PROXY_COUNT": "1",
        "MEDIA_ROOT": str(layout.media),
        "JIEDAO_MEDIA_ACCEL_REDIRECT": "/protected-media/",
        # New resident accounts join the demo's 凉城新村 (the benchmarks add sub-districts).
        "JIEDAO_RESIDENT_SUBDISTRICT": "310109016",
        # The demo's staff accounts have no authenticator app (the demo password only).
        "JIEDAO_REQUIRE_SECOND_FACTOR": "0",
        # Reminders land in the worker's log instead of an SMTP server that is not there.
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }


def read_keys(layout: Layout, *, create: bool) -> dict[str, str]:
    """The cluster's secrets (var/cluster/cluster.env, mode 600), made on the first start."""
    path = layout.secrets_file
    if path.exists():
        keys = dict(line.split("=", 1) for line in path.read_text(encoding="utf-8").splitlines() if "=" in line)
        if all(keys.get(name) for name in SECRET_NAMES):
            return keys
        raise ClusterError(f"{path} is incomplete: stop the cluster and remove var/cluster to start afresh")
    if layout.pg_data.exists():
        raise ClusterError(
            f"{path} is missing but the database exists (its data cannot be read without the keys): "
            "stop the cluster and remove var/cluster to start afresh"
        )
    if not create:
        raise ClusterError("the cluster has never been started: make cluster")
    keys = {name: secrets.token_urlsafe(48) for name in SECRET_NAMES}
    layout.root.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write("# Secrets of the loopback cluster (make cluster). Keep them with var/cluster.\n")
        handle.writelines(f"{name}={keys[name]}\n" for name in SECRET_NAMES)
    return keys


def static_fingerprint() -> str:
    """Names, sizes and times of the static sources (the project's and the apps' static
    folders; the installed packages' through the virtual environment's install stamp)."""
    digest = hashlib.sha256()
    folders = [ROOT / "static", *sorted((ROOT / "jiedao").glob("*/static"))]
    for path in sorted(p for folder in folders for p in folder.rglob("*") if p.is_file()):
        info = path.stat()
        digest.update(f"{path.relative_to(ROOT)}\0{info.st_size}\0{info.st_mtime_ns}\n".encode())
    stamp = Path(sys.prefix) / ".installed"
    digest.update(str(stamp.stat().st_mtime_ns if stamp.exists() else 0).encode())
    return digest.hexdigest()
