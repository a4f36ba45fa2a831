"""Lapse the waiting-list offers past their time; each seat goes to the next one
waiting. Run every few minutes (docs/training.md)."""

from typing import Any

from django.core.management.base import BaseCommand

from jiedao.training.services import expire_offers


class Command(BaseCommand):
    help = "Lapse expired waiting-list offers of training classes."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"{expire_offers()} offer(s) lapsed")
