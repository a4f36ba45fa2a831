"""Daily: flag the published articles whose activity records have changed since (the
editor sees it on their list; the printed text stays). See docs/bulletin.md."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from jiedao.bulletin.services import flag_changed_records


class Command(BaseCommand):
    help = "Flag published newsletter articles whose records changed since publication."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--all", action="store_true", help="check every published issue, not the last two years")

    def handle(self, *args: Any, **options: Any) -> None:
        flagged = flag_changed_records(within_days=None) if options["all"] else flag_changed_records()
        self.stdout.write(f"{flagged} article(s) flagged")
