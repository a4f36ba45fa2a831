"""Delete counselling records older than their studio's retention period.

    python manage.py purge_counselling_records [--dry-run]

Run it daily (cron or a systemd timer). Prints the counts per studio; the deletion
is audited per sub-district with counts only.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from jiedao.counselling.retention import purge_expired_records


class Command(BaseCommand):
    help = "Delete counselling session records (and referrals) past their studio's retention period."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Only count what would be deleted.")

    def handle(self, *args: Any, **options: Any) -> None:
        result = purge_expired_records(dry_run=options["dry_run"])
        verb = "would delete" if result.dry_run else "deleted"
        for entry in result.studios:
            self.stdout.write(
                f"studio {entry.studio_id} ({entry.studio}): records before {entry.cutoff:%Y-%m-%d}: "
                f"{verb} {entry.records} record(s), {entry.referrals} referral(s)"
            )
        self.stdout.write(f"total: {verb} {result.records} record(s), {result.referrals} referral(s)")
