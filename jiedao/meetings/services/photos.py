"""Photos of a meeting, shown in its minutes."""

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.http import HttpRequest
from django.utils.translation import gettext as _

from jiedao.accounts.actor import Actor
from jiedao.core import audit
from jiedao.core.models import AuditEntry
from jiedao.core.services import clean_text, new_errors, raise_if
from jiedao.meetings.access import require_manager
from jiedao.meetings.models import Meeting, MeetingPhoto

PHOTO_MAX_BYTES = 10 * 1024 * 1024


@transaction.atomic
def photo_add(
    *, actor: Actor, meeting: Meeting, image: UploadedFile | None, caption: str, request: HttpRequest | None = None
) -> MeetingPhoto:
    require_manager(actor, meeting.subdistrict_id)
    errors = new_errors()
    caption = clean_text(errors, "caption", caption, max_length=200, required=True)
    if image is None:
        errors["image"].append(_("请选择照片。"))
    elif (image.size or 0) > PHOTO_MAX_BYTES:
        errors["image"].append(_("照片不能超过10MB。"))
    raise_if(errors)
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()  # distinct positions
    position = (meeting.photos.aggregate(n=Max("position"))["n"] or 0) + 1
    photo = MeetingPhoto(subdistrict_id=meeting.subdistrict_id, meeting=meeting, caption=caption, position=position)
    photo.image = image
    photo.full_clean(exclude=["subdistrict", "meeting"])  # Pillow checks it is an image
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
