"""Purge the personal details and documents of legal-aid cases final for longer than
the retention period (``JIEDAO_LEGALAID_RETENTION_DAYS``), keeping anonymous figures.

    python manage.py purge_legal_aid_cases [--dry-run]

Run it daily (cron or a systemd timer). Prints the counts per sub-district; the purge
is audited per sub-district with counts only.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from jiedao.legalaid.services import purge_expired_cases


class Command(BaseCommand):
    help = "Purge personal details and documents of legal-aid cases final for longer than the retention period."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Only count what would be purged.")

    def handle(self, *args: Any, **options: Any) -> None:
        result = purge_expired_cases(dry_run=options["dry_run"])
        values = {"cutoff": result.cutoff.isoformat(), "cases": result.cases, "documents": result.documents}
        if result.dry_run:
            line = _(
                "试运行，未改动任何数据：%(cutoff)s 前结案的案件，将清除 %(cases)d 件的个人信息和 %(documents)d 份材料。"
            )
        else:
            line = _("已清除 %(cutoff)s 前结案的 %(cases)d 件案件的个人信息和 %(documents)d 份材料。")
        self.stdout.write(self.style.SUCCESS(line % values))
