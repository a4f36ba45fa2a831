"""Delete counselling records older than their studio's retention period, unlink the
people from those appointments and delete old waitlist entries.

    python manage.py purge_counselling_records [--dry-run]

Run it daily (cron or a systemd timer). Prints the counts per studio; the deletion
is audited per sub-district with counts only.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from jiedao.counselling.services import purge_expired_records


class Command(BaseCommand):
    help = (
        "Delete counselling session records (and referrals), unlink people from appointments and delete "
        "waitlist entries past their studio's retention period."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Only count what would be deleted.")

    def handle(self, *args: Any, **options: Any) -> None:
        result = purge_expired_records(dry_run=options["dry_run"])
        for entry in result.studios:
            values = {
                "studio": entry.studio,
                "cutoff": f"{entry.cutoff:%Y-%m-%d}",
                "records": entry.records,
                "referrals": entry.referrals,
                "appointments": entry.appointments,
                "waitlist": entry.waitlist,
            }
            if result.dry_run:
                line = _(
                    "%(studio)s：%(cutoff)s 前结束的预约，将删除咨询记录 %(records)d 条、转介 %(referrals)d 条，"
                    "解除 %(appointments)d 条预约与来访者的关联，删除候补 %(waitlist)d 条。"
                )
            else:
                line = _(
                    "%(studio)s：%(cutoff)s 前结束的预约，已删除咨询记录 %(records)d 条、转介 %(referrals)d 条，"
                    "解除 %(appointments)d 条预约与来访者的关联，删除候补 %(waitlist)d 条。"
                )
            self.stdout.write(line % values)
        totals = {
            "records": result.records,
            "referrals": result.referrals,
            "appointments": result.appointments,
            "waitlist": result.waitlist,
        }
        if result.dry_run:
            summary = (
                _(
                    "试运行，未改动任何数据：共将删除咨询记录 %(records)d 条、转介 %(referrals)d 条，"
                    "解除 %(appointments)d 条预约与来访者的关联，删除候补 %(waitlist)d 条。"
                )
                % totals
            )
        else:
            summary = (
                _(
                    "共删除咨询记录 %(records)d 条、转介 %(referrals)d 条，"
                    "解除 %(appointments)d 条预约与来访者的关联，删除候补 %(waitlist)d 条。"
                )
                % totals
            )
        self.stdout.write(self.style.SUCCESS(summary))
