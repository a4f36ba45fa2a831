"""An article's photos beyond those its records gave: added (re-encoded, without the
camera's metadata) or taken out while the article may be edited."""

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Max
from django.http import HttpRequest
from django.utils.translation import gettext as _

from jiedao.accounts.access import one_for_actor
from jiedao.accounts.actor import Actor
from jiedao.bulletin import access
from jiedao.bulletin.models import ArticlePhoto
from jiedao.core import images
from jiedao.core.audit import record
from jiedao.core.errors import Forbidden
from jiedao.core.models import AuditEntry
from jiedao.core.services import clean_text, new_errors, raise_if

MAX_PHOTOS = 8  # a story in print carries two or three


def add_photo(
    *, actor: Actor, article_id: int, image: File[bytes] | None, caption: str, request: HttpRequest | None = None
) -> ArticlePhoto:
    errors = new_errors()
    caption = clean_text(errors, "caption", caption, max_length=200, required=True)
    cleaned = None
    if image is None:
        errors["image"].append(_("请选择照片。"))
    else:
        try:
            cleaned = images.clean_image(image)  # before the transaction: no lock while Pillow works
        except ValidationError as exc:
            errors["image"].extend(exc.messages)
    raise_if(errors)
    assert cleaned is not None
    with transaction.atomic():
        article = access.article_for_actor(actor, article_id, for_update=True)
        if not access.may_edit(actor, article):
            raise Forbidden(_("这篇稿件现在不能修改。"))
        if article.photos.count() >= MAX_PHOTOS:
            raise ValidationError({"image": [_("一篇稿件最多%(n)d张照片。") % {"n": MAX_PHOTOS}]})
        position = (article.photos.aggregate(n=Max("position"))["n"] or 0) + 1
        photo = ArticlePhoto.objects.create(
            subdistrict_id=article.subdistrict_id,
            article=article,
            image=cleaned.as_file(),
            caption=caption,
            position=position,
        )
        record(actor=actor, action=AuditEntry.Action.CREATE, obj=photo, request=request, detail={"article": article.pk})
    return photo


@transaction.atomic
def remove_photo(*, actor: Actor, article_id: int, photo_id: int, request: HttpRequest | None = None) -> None:
    article = access.article_for_actor(actor, article_id, for_update=True)
    photo = one_for_actor(article.photos.all(), photo_id)
    if not access.may_edit(actor, article):
        raise Forbidden(_("这篇稿件现在不能修改。"))
    record(actor=actor, action=AuditEntry.Action.DELETE, obj=photo, request=request, detail={"article": article.pk})
    image = photo.image
    photo.delete()
    # The file goes only once the row is gone for good (a rollback keeps both).
    transaction.on_commit(lambda: image.delete(save=False))
