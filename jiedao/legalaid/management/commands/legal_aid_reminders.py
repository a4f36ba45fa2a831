"""Daily: e-mail each legal-aid handler the cases of their caseload whose next step
is overdue or due within three days (the supervisors: the unassigned cases). Each
case at most once a day, however often or concurrently it runs.

    python manage.py legal_aid_reminders
"""

from typing import Any

from django.core.management.base import BaseCommand

from jiedao.legalaid.services.reminders import send_due_reminders


class Command(BaseCommand):
    help = "Remind legal-aid handlers of overdue and nearly due steps (each case at most once a day)."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_due_reminders()
        self.stdout.write(f"{sent} reminder e-mails queued")
