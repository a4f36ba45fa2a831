"""Works (作品): what a trainee made for each required work, its photo and the mark."""

import io

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image

from jiedao.accounts.actor import Actor
from jiedao.core import audit
from jiedao.core.errors import Conflict
from jiedao.core.images import clean_image
from jiedao.core.services import clean_text, new_errors, raise_if
from jiedao.training.models import Enrolment, RequiredWork, Work
from jiedao.training.services.setup import require_class_manager

THUMBNAIL_SIDE = 320


def thumbnail_of(content: bytes, name: str) -> ContentFile[bytes]:
    """A small JPEG of an image already cleaned by ``clean_image``."""
    with Image.open(io.BytesIO(content)) as opened:
        picture = opened.convert("RGB")
    picture.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE))
    out = io.BytesIO()
    picture.save(out, format="JPEG", quality=80)
    stem = name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return ContentFile(out.getvalue(), name=f"{stem}-thumb.jpg")


@transaction.atomic
def record_work(
    *,
    actor: Actor,
    enrolment: Enrolment,
    required_work: RequiredWork | None,
    photo: UploadedFile | None = None,
    mark: str = Work.Mark.PENDING,
    comment: str = "",
    request: HttpRequest | None = None,
) -> Work:
    """Record (or update) the trainee's work for ``required_work``: a new photo
    replaces the old one (re-encoded without EXIF/GPS, with a thumbnail)."""
    require_class_manager(actor, enrolment.training_class)
    if enrolment.status in (Enrolment.Status.WAITING, Enrolment.Status.WITHDRAWN):
        raise Conflict(_("该学员不在班上。"), code="not_in_class")
    errors = new_errors()
    if required_work is None or required_work.course_id != enrolment.training_class.course_id:
        errors["required_work"].append(_("请选择本培训项目的作品。"))
    if mark not in Work.Mark.values:
        errors["mark"].append(_("请选择评定结果。"))
    comment = clean_text(errors, "comment", comment, max_length=200)
    raise_if(errors)
    cleaned = clean_image(photo) if photo is not None else None
    work, created = Work.objects.get_or_create(
        enrolment=enrolment, required_work=required_work, defaults={"subdistrict_id": enrolment.subdistrict_id}
    )
    changes: dict[str, list[object]] = {}
    if cleaned is not None:
        if work.photo:
            work.photo.delete(save=False)
            work.thumbnail.delete(save=False)
        work.photo.save(cleaned.name, cleaned.as_file(), save=False)
        work.thumbnail.save(cleaned.name, thumbnail_of(cleaned.content, cleaned.name), save=False)
        changes["photo"] = [None, work.photo.name]
    if mark != work.mark:
        changes["mark"] = [work.mark, mark]
        work.mark = mark
        work.marked_by = actor.user if mark != Work.Mark.PENDING else None
        work.marked_at = timezone.now() if mark != Work.Mark.PENDING else None
    if comment != work.comment:
        changes["comment"] = [work.comment, comment]
        work.comment = comment
    work.save()
    if created:
        audit.record_created(actor=actor, obj=work, values={"enrolment": enrolment.pk, **changes}, request=request)
    elif changes:
        audit.record_changes(actor=actor, obj=work, changes=changes, request=request)
    return work
