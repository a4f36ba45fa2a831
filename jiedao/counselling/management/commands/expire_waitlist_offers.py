"""Every few minutes: expire waitlist offers past their time and offer the slot to the next one."""

from typing import Any

from django.core.management.base import BaseCommand

from jiedao.counselling.services import expire_offers


class Command(BaseCommand):
    help = "Expire 畅心屋 waitlist offers past their time and offer each slot to the next one waiting."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"{expire_offers()} offers expired")
