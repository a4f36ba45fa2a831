"""Daily: delete the SMS codes no limit reads any more (older than a day)."""

from typing import Any

from django.core.management.base import BaseCommand

from jiedao.residents.codes import delete_old_codes


class Command(BaseCommand):
    help = "Delete SMS sign-in codes older than a day (no limit counts them any more)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"{delete_old_codes()} old codes deleted")
