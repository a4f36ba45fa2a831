"""Daily (in the afternoon): remind tomorrow's clients by text message and e-mail."""

from typing import Any

from django.core.management.base import BaseCommand

from jiedao.counselling.notifications import send_reminders


class Command(BaseCommand):
    help = "Send the day-before reminders of 畅心屋 appointments (each once)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"{send_reminders()} reminders sent")
