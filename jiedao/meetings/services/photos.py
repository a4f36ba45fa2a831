"""Photos of a meeting, shown in its minutes."""

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Max
from django.http import HttpRequest
from django.utils.translation import gettext as _

from jiedao.accounts.actor import Actor
from jiedao.core import audit, images
from jiedao.core.models import AuditEntry
from jiedao.core.services import clean_text, new_errors, raise_if
from jiedao.meetings.access import require_manager
from jiedao.meetings.models import Meeting, MeetingPhoto


def photo_add(
    *, actor: Actor, meeting: Meeting, image: File[bytes] | None, caption: str, request: HttpRequest | None = None
) -> MeetingPhoto:
    """Store ``image`` as a photo of ``meeting``: re-encoded, without its metadata
    (GPS position, camera), under a random name (``core.images.clean_image``)."""
    require_manager(actor, meeting.subdistrict_id)
    errors = new_errors()
    caption = clean_text(errors, "caption", caption, max_length=200, required=True)
    cleaned = None
    if image is None:
        errors["image"].append(_("请选择照片。"))
    else:
        try:
            # Decoded before the transaction: no lock is held while Pillow works.
            cleaned = images.clean_image(image)
        except ValidationError as exc:
            errors["image"].extend(exc.messages)
    raise_if(errors)
    assert cleaned is not None  # refused above otherwise
    return _photo_save(actor=actor, meeting=meeting, image=cleaned, caption=caption, request=request)


@transaction.atomic
def _photo_save(
    *, actor: Actor, meeting: Meeting, image: images.CleanImage, caption: str, request: HttpRequest | None
) -> MeetingPhoto:
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()  # distinct positions
    position = (meeting.photos.aggregate(n=Max("position"))["n"] or 0) + 1
    photo = MeetingPhoto(subdistrict_id=meeting.subdistrict_id, meeting=meeting, caption=caption, position=position)
    photo.image = image.as_file()
    photo.full_clean(exclude=["subdistrict", "meeting"])
    photo.save()
    audit.record(
        actor=actor, action=AuditEntry.Action.CREATE, obj=photo, request=request, detail={"meeting": meeting.pk}
    )
    return photo


@transaction.atomic
def photo_delete(*, actor: Actor, photo: MeetingPhoto, request: HttpRequest | None = None) -> None:
    require_manager(actor, photo.subdistrict_id)
    audit.record(
        actor=actor, action=AuditEntry.Action.DELETE, obj=photo, request=request, detail={"meeting": photo.meeting_id}
    )
    image = photo.image
    photo.delete()
    # The file goes only once the row is gone for good (a rollback keeps both).
    transaction.on_commit(lambda: image.delete(save=False))


def photo_reclean(photo: MeetingPhoto) -> bool:
    """Re-encode a photo stored before uploads were cleaned (it may still carry its
    GPS position); False when it is already clean. The old file goes once the row
    points at the new one; a file Pillow refuses raises ``ValidationError``."""
    if images.is_clean_name(photo.image.name):
        return False
    with photo.image.open("rb") as stored:
        cleaned = images.clean_image(stored)
    old = photo.image.name
    with transaction.atomic():
        photo.image = cleaned.as_file()
        photo.save(update_fields=["image"])
        storage = photo.image.storage
        transaction.on_commit(lambda: storage.delete(old))
    return True
