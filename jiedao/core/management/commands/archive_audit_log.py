"""Move whole months of the audit log older than ``JIEDAO_AUDIT_ONLINE_MONTHS`` (at least
six) to compressed files in ``JIEDAO_AUDIT_ARCHIVE_DIR``, then delete them from the database.

    python manage.py archive_audit_log [--keep-months N] [--to DIR] [--dry-run]

Run it monthly (docs/deployment.md); each month's file is written and read back before
its entries are deleted, and a second run does nothing more (``core.audit_archive``).
"""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from jiedao.core.audit_archive import MIN_ONLINE_MONTHS, archive_audit_log


class Command(BaseCommand):
    help = "Archive the audit log's months older than the online period to compressed files."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--keep-months", type=int, default=settings.JIEDAO_AUDIT_ONLINE_MONTHS)
        parser.add_argument("--to", type=Path, default=Path(settings.JIEDAO_AUDIT_ARCHIVE_DIR))
        parser.add_argument("--dry-run", action="store_true", help="count the months, write and delete nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["keep_months"] < MIN_ONLINE_MONTHS:
            raise CommandError(
                f"审计日志至少在线保留 {MIN_ONLINE_MONTHS} 个月（--keep-months {options['keep_months']}）。"
            )
        months = archive_audit_log(
            keep_months=options["keep_months"], directory=options["to"], dry_run=options["dry_run"]
        )
        verb = "would archive" if options["dry_run"] else "archived"
        for month in months:
            self.stdout.write(
                f"{verb} {month.month:%Y-%m}: {month.entries} entries → {month.path} {month.sha256}".rstrip()
            )
        if not months:
            self.stdout.write("nothing to archive")
