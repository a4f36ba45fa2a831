"""Delete finished long jobs and their files after ``JIEDAO_JOB_RETENTION_DAYS``.

    python manage.py purge_jobs

Run it daily: an export's file may carry personal data and is kept no longer than
its owner needs to download it.
"""

from typing import Any

from django.core.management.base import BaseCommand

from jiedao.jobs.services import purge_finished


class Command(BaseCommand):
    help = "Delete finished background jobs and their files after the retention period."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"deleted {purge_finished()} finished jobs")
