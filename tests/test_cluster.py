"""The loopback cluster's configuration (deploy/, `make cluster`), checked without starting it."""

import configparser
import os
import pwd
import re
import runpy
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from deploy.config import (
    DEPLOY,
    ClusterError,
    Layout,
    Ports,
    app_environment,
    base_port,
    fill,
    read_keys,
    render,
)
from deploy.processes import command_line, running

PORTS = Ports.from_base(18400)
KEYS = {"SECRET_KEY": "s" * 50, "JIEDAO_FIELD_KEY": "f" * 40, "DATABASE_PASSWORD": "pw"}


@pytest.fixture
def layout(tmp_path: Path) -> Layout:
    return Layout(root=tmp_path / "cluster", static_root=tmp_path / "staticfiles")


def _nginx(layout: Layout, run_as: str | None = None) -> str:
    return render(layout, PORTS, password="pw", run_as=run_as)["nginx.conf"]


def test_nginx_balances_the_two_app_servers_on_loopback_only(layout: Layout) -> None:
    conf = _nginx(layout)
    assert not re.search(r"@[A-Z0-9_]+@", conf)
    upstream = re.search(r"upstream jiedao_app \{(.*?)\}", conf, re.S)
    assert upstream is not None
    servers = re.findall(r"^\s*server (\S+?)(?:\s|;)", upstream[1], re.M)
    assert servers == [f"127.0.0.1:{PORTS.app1}", f"127.0.0.1:{PORTS.app2}"]
    assert re.findall(r"^\s*listen (\S+);", conf, re.M) == [f"127.0.0.1:{PORTS.nginx}"]
    assert f"alias {layout.static_root}/;" in conf
    assert f"alias {layout.media}/;" in conf
    media = re.search(r"location /protected-media/ \{(.*?)\}", conf, re.S)
    assert media is not None and "internal;" in media[1]
    # A dead app server costs no failed GET; a POST is never sent twice.
    next_upstream = re.search(r"^\s*proxy_next_upstream ([^;]*);", conf, re.M)
    assert next_upstream is not None and "error" in next_upstream[1].split()
    assert "non_idempotent" not in next_upstream[1]
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in conf
    assert "\nuser " not in conf
    assert "\nuser root;" in _nginx(layout, "root")


def test_pgbouncer_pools_transactions_on_loopback_in_front_of_postgres(layout: Layout) -> None:
    files = render(layout, PORTS, password="pw", run_as=None)
    ini = configparser.ConfigParser()
    ini.read_string(files["pgbouncer.ini"])
    assert ini["pgbouncer"]["listen_addr"] == "127.0.0.1"
    assert ini["pgbouncer"]["listen_port"] == str(PORTS.pgbouncer)
    assert ini["pgbouncer"]["pool_mode"] == "transaction"
    assert ini["pgbouncer"]["unix_socket_dir"] == ""
    assert ini["pgbouncer"]["auth_file"] == str(layout.pgbouncer / "userlist.txt")
    target = dict(part.split("=") for part in ini["databases"]["jiedao"].split())
    assert target == {"host": "127.0.0.1", "port": str(PORTS.postgres), "dbname": "jiedao"}
    assert files["userlist.txt"] == '"jiedao" "pw"\n'


def test_app_servers_go_through_pgbouncer_and_share_one_media_root(layout: Layout) -> None:
    env = app_environment(layout, PORTS, KEYS)
    assert env["DATABASE_URL"] == f"postgres://jiedao:pw@127.0.0.1:{PORTS.pgbouncer}/jiedao"
    assert env["DATABASE_CONN_MAX_AGE"] == "0"
    assert env["DATABASE_BEHIND_PGBOUNCER"] == "1"
    assert env["MEDIA_ROOT"] == str(layout.media)
    assert env["JIEDAO_MEDIA_ACCEL_REDIRECT"] == "/protected-media/"
    assert env["DEBUG"] == "0"
    assert set(env["ALLOWED_HOSTS"].split(",")) == {"127.0.0.1", "localhost"}
    assert f"http://127.0.0.1:{PORTS.nginx}" in env["CSRF_TRUSTED_ORIGINS"].split(",")
    direct = app_environment(layout, PORTS, KEYS, direct=True)
    assert direct["DATABASE_URL"].endswith(f"@127.0.0.1:{PORTS.postgres}/jiedao")
    assert direct["DATABASE_BEHIND_PGBOUNCER"] == "0"


def test_gunicorn_settings_read_the_bind_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GUNICORN_BIND", f"127.0.0.1:{PORTS.app2}")
    monkeypatch.setenv("GUNICORN_WORKERS", "2")
    conf = runpy.run_path(str(DEPLOY / "gunicorn_conf.py"))
    assert (conf["bind"], conf["workers"], conf["worker_class"]) == (f"127.0.0.1:{PORTS.app2}", 2, "sync")


def test_nginx_accepts_the_rendered_configuration(layout: Layout) -> None:
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if nginx is None:
        pytest.skip("nginx is not installed (scripts/ensure-system-packages --cluster): only the Python checks ran")
    run_as = pwd.getpwuid(os.geteuid()).pw_name if os.geteuid() == 0 else None
    for sub in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (layout.nginx / "tmp" / sub).mkdir(parents=True)
    conf = layout.nginx / "nginx.conf"
    conf.write_text(_nginx(layout, run_as), encoding="utf-8")
    result = subprocess.run(
        [nginx, "-t", "-q", "-p", f"{layout.nginx}/", "-c", str(conf), "-e", str(layout.nginx / "error.log")],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_a_placeholder_without_a_value_is_an_error() -> None:
    assert fill("listen @PORT@;", {"PORT": "1"}) == "listen 1;"
    with pytest.raises(ClusterError):
        fill("listen @PORT@; @OTHER@", {"PORT": "1"})


def test_the_base_port_is_checked() -> None:
    assert base_port({}) == 8400
    assert base_port({"JIEDAO_CLUSTER_PORT": "9000"}) == 9000
    for bad in ("80", "x", "70000"):
        with pytest.raises(ClusterError):
            base_port({"JIEDAO_CLUSTER_PORT": bad})


def test_keys_are_made_once_and_kept_private(layout: Layout) -> None:
    with pytest.raises(ClusterError):
        read_keys(layout, create=False)
    keys = read_keys(layout, create=True)
    assert set(keys) == {"SECRET_KEY", "JIEDAO_FIELD_KEY", "DATABASE_PASSWORD"}
    assert all(len(value) >= 50 for value in keys.values())
    assert stat.S_IMODE(layout.secrets_file.stat().st_mode) == 0o600
    assert read_keys(layout, create=True) == keys
    layout.secrets_file.unlink()
    layout.pg_data.mkdir(parents=True)
    with pytest.raises(ClusterError, match="database exists"):
        read_keys(layout, create=True)


def test_a_stale_pid_file_is_removed(tmp_path: Path) -> None:
    pid_file = tmp_path / "x.pid"
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    pid_file.write_text(finished.stdout)
    assert running(pid_file, "python") is None
    assert not pid_file.exists()
    if Path("/proc/self/cmdline").exists():  # Linux: the program is checked as well
        # Alive, but another program (the pid reused): stale as well.
        pid_file.write_text(f"{os.getpid()}\n")
        assert running(pid_file, "pgbouncer") is None
        assert not pid_file.exists()
    pid_file.write_text(f"{os.getpid()}\n")
    assert running(pid_file, command_line(os.getpid()).split()[0]) == os.getpid()
