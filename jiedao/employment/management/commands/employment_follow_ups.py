"""Daily: schedule the follow-ups of classes that have ended, then remind the labour
office of the follow-ups that came due since the last reminder. Idempotent: a second
run the same day (or one at the same moment) makes no row and sends no e-mail twice."""

from typing import Any

from django.core.management.base import BaseCommand

from jiedao.employment.services.follow_ups import schedule_follow_ups, send_reminders


class Command(BaseCommand):
    help = "Schedule training follow-ups (30/90/180 days) and remind the labour office of those due."

    def handle(self, *args: Any, **options: Any) -> None:
        made = schedule_follow_ups()
        sent = send_reminders()
        self.stdout.write(f"{made} follow-ups scheduled, {sent} reminder e-mails sent")
