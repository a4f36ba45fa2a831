"""Enqueue the daily reminder of action items (督办事项) due soon or overdue.

Run once a day (cron or a systemd timer); the task worker sends the e-mails.
"""

from typing import Any

from django.core.management.base import BaseCommand

from jiedao.meetings.tasks import send_action_item_reminders


class Command(BaseCommand):
    help = "Enqueue the reminder e-mails for action items due soon or overdue."

    def handle(self, *args: Any, **options: Any) -> None:
        result = send_action_item_reminders.enqueue()
        self.stdout.write(f"enqueued {result.id}")
