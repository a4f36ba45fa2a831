"""Daily: flag the published articles whose activity records have changed since (the
editor sees it on their list; the printed text stays). See docs/bulletin.md."""

from typing import Any

from django.core.management.base import BaseCommand

from jiedao.bulletin.services import flag_changed_records


class Command(BaseCommand):
    help = "Flag published newsletter articles whose records changed since publication."

    def handle(self, *args: Any, **options: Any) -> None:
        flagged = flag_changed_records()
        self.stdout.write(f"{flagged} article(s) flagged")
