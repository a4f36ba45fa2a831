"""Re-encode the meeting photos stored before uploads were cleaned.

Until uploads went through ``core.images.clean_image``, a photo was stored byte for
byte, GPS position and camera data included. Run this once after upgrading; it is
safe to run again (clean photos are skipped) and reports what it could not read.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand

from jiedao.meetings.models import MeetingPhoto
from jiedao.meetings.services import photo_reclean


class Command(BaseCommand):
    help = "Re-encode meeting photos stored with their metadata (GPS position, camera)."

    def handle(self, *args: Any, **options: Any) -> None:
        cleaned = skipped = 0
        for photo in MeetingPhoto.objects.order_by("pk").iterator():
            try:
                done = photo_reclean(photo)
            except (ValidationError, OSError) as exc:
                reason = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
                self.stderr.write(f"photo {photo.pk} ({photo.image.name}): {reason}")
                continue
            cleaned += done
            skipped += not done
        self.stdout.write(f"re-encoded {cleaned}, already clean {skipped}")
