"""Send the dues reminders due today in every sub-district (run once a day)."""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from jiedao.dues.models import DuesAssessment
from jiedao.dues.services import send_reminders
from jiedao.org.models import Subdistrict


class Command(BaseCommand):
    help = "按催缴安排发送工会经费欠缴提醒（每天运行一次）。"

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        ids = DuesAssessment.objects.values("subdistrict_id").distinct()
        total = 0
        for subdistrict in Subdistrict.objects.filter(pk__in=ids):
            total += send_reminders(subdistrict=subdistrict, today=today)
        self.stdout.write(f"{total}")
