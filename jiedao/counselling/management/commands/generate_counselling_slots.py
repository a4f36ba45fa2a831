"""Daily: extend every active studio's slots to its horizon (idempotent)."""

from typing import Any

from django.core.management.base import BaseCommand

from jiedao.counselling.services import generate_all


class Command(BaseCommand):
    help = "Generate 畅心屋 slots from the weekly rules up to each studio's horizon (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        for studio_id, result in generate_all().items():
            self.stdout.write(
                f"studio {studio_id}: {result.created} created, {result.restored} restored, "
                f"{result.withdrawn} withdrawn, {result.deleted} deleted"
            )
