"""The audit log's archiving path (docs/scaling.md, "Growing tables").

The log only grows (a city writes tens of millions of entries a year). Whole months older
than ``JIEDAO_AUDIT_ONLINE_MONTHS`` (never fewer than six) leave the database for one
compressed file each, ``audit-YYYY-MM.jsonl.gz`` in ``JIEDAO_AUDIT_ARCHIVE_DIR``: one JSON
object per entry, every column, oldest first. A month is deleted only after its file has
been written, flushed, read back and found to hold exactly the month's entries, and in one
transaction, so a run cut off at any point leaves each month either online or archived,
never half of it; running again finishes the work. The archiving itself is audited.
"""

import datetime as dt
import gzip
import hashlib
import json
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.db.models import Min, QuerySet
from django.utils import timezone

from jiedao.core import audit
from jiedao.core.models import AuditEntry

MIN_ONLINE_MONTHS = 6  # issue #13: the audit log keeps at least six months online
# Every column, whatever is added to the model later.
COLUMNS = tuple(f.attname for f in AuditEntry._meta.concrete_fields)


class ArchiveError(Exception):
    """A month's file did not hold the month's entries: nothing was deleted."""


@dataclass(frozen=True)
class ArchivedMonth:
    month: dt.date  # its first day
    path: Path
    entries: int
    sha256: str  # of the file; empty on a dry run


def _month_start(day: dt.date, tz: ZoneInfo) -> dt.datetime:
    return dt.datetime(day.year, day.month, 1, tzinfo=tz)


def _next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def cutoff(keep_months: int, now: dt.datetime | None = None) -> dt.datetime:
    """Local midnight on the first day of the oldest month kept online: the current
    month and the ``keep_months`` whole months before it stay."""
    tz = ZoneInfo(settings.TIME_ZONE)
    month = timezone.localtime(now or timezone.now(), tz).date().replace(day=1)
    for _ in range(keep_months):
        month = (month - dt.timedelta(days=1)).replace(day=1)
    return _month_start(month, tz)


def _months_before(end: dt.datetime) -> Iterator[tuple[dt.date, dt.datetime, dt.datetime]]:
    tz = ZoneInfo(settings.TIME_ZONE)
    first = AuditEntry.objects.filter(created_at__lt=end).aggregate(first=Min("created_at"))["first"]
    if first is None:
        return
    month = timezone.localtime(first, tz).date().replace(day=1)
    while _month_start(month, tz) < end:
        following = _next_month(month)
        yield month, _month_start(month, tz), _month_start(following, tz)
        month = following


def _iso(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return value.isoformat()  # to the microsecond, with its offset
    raise TypeError(f"{type(value).__name__} in an audit entry")


def _write(entries: QuerySet[AuditEntry], directory: Path, name: str) -> tuple[Path, int, str]:
    """The month's entries as a compressed JSON-lines file, replaced atomically once read
    back whole. Returns its path, the entries read back and its SHA-256."""
    fd, temporary = tempfile.mkstemp(prefix=f".{name}.", dir=directory)
    try:
        with os.fdopen(fd, "wb") as raw, gzip.GzipFile(filename=name, mode="wb", fileobj=raw) as out:
            for row in entries.values(*COLUMNS).iterator(chunk_size=5000):
                out.write(json.dumps(row, default=_iso, ensure_ascii=False).encode() + b"\n")
            out.close()
            raw.flush()
            os.fsync(raw.fileno())
        digest = hashlib.sha256()
        lines = 0
        with open(temporary, "rb") as written:
            for block in iter(lambda: written.read(1 << 20), b""):
                digest.update(block)
        with gzip.open(temporary, "rb") as check:
            for line in check:
                json.loads(line)
                lines += 1
        path = directory / name
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path, lines, digest.hexdigest()


def archive_audit_log(
    *, keep_months: int, directory: Path, dry_run: bool = False, now: dt.datetime | None = None
) -> list[ArchivedMonth]:
    """Archive every whole month before ``cutoff(keep_months)``; the months done."""
    if keep_months < MIN_ONLINE_MONTHS:
        raise ValueError(f"the audit log keeps at least {MIN_ONLINE_MONTHS} months online")
    end = cutoff(keep_months, now)
    done: list[ArchivedMonth] = []
    for month, start, stop in _months_before(end):
        entries = AuditEntry.objects.filter(created_at__gte=start, created_at__lt=stop).order_by("id")
        count = entries.count()
        name = f"audit-{month:%Y-%m}.jsonl.gz"
        if count == 0:
            continue
        if dry_run:
            done.append(ArchivedMonth(month, directory / name, count, ""))
            continue
        directory.mkdir(parents=True, exist_ok=True)
        path, written, sha256 = _write(entries, directory, name)
        with transaction.atomic():
            deleted, _ = entries.delete()
            if written != count or deleted != count:
                raise ArchiveError(f"{name}: {count} entries counted, {written} written, {deleted} to delete")
        audit.record(
            actor=None,
            action=AuditEntry.Action.EXPORT,
            object_type="core.auditentry",
            object_repr=f"审计日志 {month:%Y-%m}",
            detail={"archived": f"{month:%Y-%m}", "entries": count, "file": name, "sha256": sha256},
        )
        done.append(ArchivedMonth(month, path, count, sha256))
    return done


def read_archive(path: Path) -> Iterator[dict[str, Any]]:
    """The entries of an archive file, as written."""
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            yield json.loads(line)
