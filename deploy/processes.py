"""Process helpers of the loopback cluster: pid files (stale ones removed), stopping a
process by its id, ports, waiting, finding the Debian binaries."""

from __future__ import annotations

import http.client
import os
import shutil
import signal
import socket
import time
from collections.abc import Callable, Mapping
from pathlib import Path

from deploy.config import ClusterError


def alive(pid: int) -> bool:
    """Whether ``pid`` is a live process (a zombie, waiting for its parent to reap it, is not)."""
    stat = Path(f"/proc/{pid}/stat")
    if Path("/proc/self/stat").exists():
        try:
            return stat.read_text(encoding="utf-8", errors="replace").rsplit(")", 1)[1].split()[0] != "Z"
        except (OSError, IndexError):
            return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def running(pid_file: Path, marker: str) -> int | None:
    """The process id in ``pid_file`` if that process is alive and its command line names
    ``marker``; a stale file (dead process, or the id reused by another program) is removed."""
    try:
        pid = int(pid_file.read_text(encoding="utf-8").split()[0])
    except (OSError, ValueError, IndexError):
        return None
    if alive(pid) and (marker in command_line(pid) or not Path("/proc/self").exists()):
        return pid
    pid_file.unlink(missing_ok=True)
    return None


def leftovers(token: str) -> list[int]:
    """Live processes whose command line contains ``token`` (a path only our commands name):
    e.g. the workers of an app server whose master was killed, still holding its port."""
    found = []
    for entry in Path("/proc").glob("[0-9]*"):
        pid = int(entry.name)
        if pid != os.getpid() and token in command_line(pid) and alive(pid):
            found.append(pid)
    return found


def stop_process(pid: int, *, sig: signal.Signals = signal.SIGTERM, grace: float = 30) -> None:
    """Send ``sig`` to ``pid`` (one of ours, from its pid file), then SIGKILL after ``grace`` s."""
    try:
        os.kill(pid, sig)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + grace
    while alive(pid):
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            deadline = time.monotonic() + 10
        time.sleep(0.1)


def port_open(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
    except OSError:
        return False
    return True


def wait_for(check: Callable[[], bool], what: str, *, log: Path | None = None, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            tail = "\n".join(log.read_text(errors="replace").splitlines()[-20:]) if log and log.exists() else ""
            raise ClusterError(f"{what} did not come up within {seconds:.0f} s" + (f"; {log}:\n{tail}" if tail else ""))
        time.sleep(0.2)


def binary(name: str) -> str:
    found = shutil.which(name) or (f"/usr/sbin/{name}" if Path(f"/usr/sbin/{name}").exists() else None)
    if not found:
        raise ClusterError(f"{name} is not installed: scripts/ensure-system-packages --cluster")
    return found


def postgres_bin(name: str) -> str:
    found = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), key=lambda p: int(p.parts[-3]))
    if not found:
        raise ClusterError("PostgreSQL is not installed: scripts/ensure-system-packages")
    return str(found[-1])


def get(port: int, path: str, headers: Mapping[str, str] | None = None) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers=dict(headers or {}))
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()
