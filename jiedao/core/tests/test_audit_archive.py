"""The audit log's archiving path: whole months older than the online period go to one
compressed file each, read back before the month is deleted; six months stay online."""

import datetime as dt
import gzip
import hashlib
from io import StringIO
from pathlib import Path
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import CommandError, call_command

from jiedao.core import audit, audit_archive
from jiedao.core.audit_archive import ArchiveError, archive_audit_log, cutoff, read_archive
from jiedao.core.models import AuditEntry

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 12, 15, 10, 0, tzinfo=SHANGHAI)


def _entry(at: dt.datetime, label: str) -> AuditEntry:
    with time_machine.travel(at, tick=False):
        return audit.record(
            actor=None,
            action=AuditEntry.Action.UPDATE,
            object_type="people.person",
            object_id=label,
            object_repr=f"人员 {label}",
            detail={"changes": {"name": ["旧", label]}},
        )


@pytest.fixture
def entries() -> dict[str, AuditEntry]:
    return {
        "april": _entry(dt.datetime(2026, 4, 3, 9, 0, tzinfo=SHANGHAI), "april"),
        # Months are local: 00:30 on June 1st in Shanghai, still May 31st in UTC, is June.
        "may_last": _entry(dt.datetime(2026, 5, 31, 23, 30, tzinfo=SHANGHAI), "may_last"),
        "june_first": _entry(dt.datetime(2026, 6, 1, 0, 30, tzinfo=SHANGHAI), "june_first"),
        "november": _entry(dt.datetime(2026, 11, 20, 8, 0, tzinfo=SHANGHAI), "november"),
    }


def test_six_whole_months_and_the_current_one_stay_online() -> None:
    assert cutoff(6, NOW) == dt.datetime(2026, 6, 1, tzinfo=SHANGHAI)
    assert cutoff(12, dt.datetime(2026, 1, 1, 0, 5, tzinfo=SHANGHAI)) == dt.datetime(2025, 1, 1, tzinfo=SHANGHAI)


def test_old_months_go_to_files_and_leave_the_database(entries: dict[str, AuditEntry], tmp_path: Path) -> None:
    months = archive_audit_log(keep_months=6, directory=tmp_path, now=NOW)
    assert [(m.month, m.entries) for m in months] == [(dt.date(2026, 4, 1), 1), (dt.date(2026, 5, 1), 1)]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["audit-2026-04.jsonl.gz", "audit-2026-05.jsonl.gz"]
    may = list(read_archive(tmp_path / "audit-2026-05.jsonl.gz"))
    assert [row["id"] for row in may] == [entries["may_last"].pk]
    assert may[0]["object_repr"] == "人员 may_last" and may[0]["detail"] == {"changes": {"name": ["旧", "may_last"]}}
    assert dt.datetime.fromisoformat(may[0]["created_at"]) == entries["may_last"].created_at
    assert months[1].sha256 == hashlib.sha256((tmp_path / "audit-2026-05.jsonl.gz").read_bytes()).hexdigest()
    left = set(AuditEntry.objects.filter(object_type="people.person").values_list("object_id", flat=True))
    assert left == {"june_first", "november"}
    # The archiving is itself in the log, with the file's digest.
    record = AuditEntry.objects.get(object_type="core.auditentry", detail__archived="2026-05")
    assert record.detail["sha256"] == months[1].sha256 and record.detail["entries"] == 1
    # Nothing more to do the second time.
    assert archive_audit_log(keep_months=6, directory=tmp_path, now=NOW) == []


def test_a_dry_run_counts_and_touches_nothing(entries: dict[str, AuditEntry], tmp_path: Path) -> None:
    months = archive_audit_log(keep_months=6, directory=tmp_path / "archive", dry_run=True, now=NOW)
    assert [m.entries for m in months] == [1, 1]
    assert not (tmp_path / "archive").exists()
    assert AuditEntry.objects.filter(object_type="people.person").count() == 4


def test_a_file_that_does_not_read_back_whole_deletes_nothing(entries: dict[str, AuditEntry], tmp_path: Path) -> None:
    real_write = audit_archive._write

    def short_write(*args: object, **kwargs: object) -> tuple[Path, int, str]:
        path, lines, digest = real_write(*args, **kwargs)  # type: ignore[arg-type]
        return path, lines - 1, digest

    with mock.patch.object(audit_archive, "_write", short_write), pytest.raises(ArchiveError):
        archive_audit_log(keep_months=6, directory=tmp_path, now=NOW)
    assert AuditEntry.objects.filter(object_type="people.person").count() == 4
    # The next run rewrites the file from the rows, which are all still there.
    archive_audit_log(keep_months=6, directory=tmp_path, now=NOW)
    assert [row["object_id"] for row in read_archive(tmp_path / "audit-2026-04.jsonl.gz")] == ["april"]


def test_fewer_than_six_months_online_is_refused(entries: dict[str, AuditEntry], tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        archive_audit_log(keep_months=5, directory=tmp_path, now=NOW)
    with pytest.raises(CommandError, match="至少在线保留 6 个月"):
        call_command("archive_audit_log", "--keep-months", "5", "--to", str(tmp_path))
    assert AuditEntry.objects.filter(object_type="people.person").count() == 4


def test_the_command(entries: dict[str, AuditEntry], tmp_path: Path) -> None:
    out = StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command("archive_audit_log", "--to", str(tmp_path), "--dry-run", stdout=out)
        assert "would archive 2026-04: 1 entries" in out.getvalue()
        call_command("archive_audit_log", "--to", str(tmp_path), stdout=out)
        assert "archived 2026-05: 1 entries" in out.getvalue()
        out = StringIO()
        call_command("archive_audit_log", "--to", str(tmp_path), stdout=out)
    assert out.getvalue().strip() == "nothing to archive"
    with gzip.open(tmp_path / "audit-2026-04.jsonl.gz", "rt") as f:
        assert f.read().count("\n") == 1
