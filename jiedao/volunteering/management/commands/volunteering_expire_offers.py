"""Every few minutes: lapse the offers of freed places past their time and offer each
place to the next one waiting."""

from typing import Any

from django.core.management.base import BaseCommand

from jiedao.volunteering.services import expire_offers


class Command(BaseCommand):
    help = "Lapse public-service waiting-list offers past their time and offer each place to the next one waiting."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"{expire_offers()} offers lapsed")
