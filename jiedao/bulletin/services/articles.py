"""Writing an article: a draft from activity records, edits by hand, 送审, the review.

Every write checks the actor (``access``), locks the article, moves its status only along
草稿/退回 → 送审 → 通过/退回, and is audited.
"""

import datetime as dt
import hashlib
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from jiedao.accounts.access import tenant_of
from jiedao.accounts.actor import Actor
from jiedao.activities.access import activities_visible_to
from jiedao.activities.models import Activity
from jiedao.activities.stories import Story, compose
from jiedao.bulletin import access
from jiedao.bulletin.models import Article, ArticlePhoto, Office, Review
from jiedao.bulletin.text import MAX_BODY_LENGTH, sanitise, story_body
from jiedao.core import images
from jiedao.core.audit import record, record_changes, record_created
from jiedao.core.errors import Conflict, Forbidden, Invalid, NotFound
from jiedao.core.models import AuditEntry
from jiedao.core.services import clean_long_text, clean_text, model_update, new_errors, raise_if

MAX_ACTIVITIES = 10  # one article reports a few sittings (two lectures of a series), not a year
# Published articles checked daily against their records: corrections are printed while
# the issue is still read; older ones are history.
RECHECK_DAYS = 730

# How the composers credit an office, and the office whose holders review it.
_OFFICE_OF_CREDIT = {str(label): value for value, label in Office.choices} | {
    "党群服务中心": Office.PARTY_MASS_CENTRE,
    "劳动保障事务所": Office.LABOUR_OFFICE,
    "街道总工会": Office.UNION_FEDERATION,
}


def office_of_credit(credit: str, actor: Actor) -> str:
    """The office a story credits; one the house does not know falls to the editor's own."""
    if credit in _OFFICE_OF_CREDIT:
        return str(_OFFICE_OF_CREDIT[credit])
    own = [value for value, _label in Office.choices if actor.has_role(value)]
    return own[0] if own else Office.SUBDISTRICT.value


def stories_of(actor: Actor, activity_ids: Sequence[int]) -> list[tuple[Activity, Story]]:
    """The activities the actor may see, in the order given, each with its story; a
    refusal naming what is missing or has nothing to report."""
    ids = list(dict.fromkeys(activity_ids))
    if not ids:
        raise ValidationError({"activities": [_("请至少选择一项活动。")]})
    if len(ids) > MAX_ACTIVITIES:
        raise ValidationError({"activities": [_("一篇稿件最多报道%(n)d项活动。") % {"n": MAX_ACTIVITIES}]})
    found = activities_visible_to(actor).select_related("organiser").in_bulk(ids)
    if missing := [pk for pk in ids if pk not in found]:
        raise NotFound(_("活动不存在或不在您的范围内。"), details={"activities": missing})
    stories = []
    for pk in ids:
        story = compose(found[pk])
        if story is None:
            raise Invalid(
                _("“%(title)s”还没有可写成稿件的记录。") % {"title": found[pk].title},
                code="nothing_to_report",
                details={"activity": pk},
                field="activities",
            )
        stories.append((found[pk], story))
    return stories


def merged(stories: Sequence[Story]) -> tuple[str, list[dict[str, Any]], str]:
    """One body, the sources and one fingerprint for the stories of an article."""
    body = "".join(story_body(story) for story in stories)
    sources: dict[tuple[str, int], dict[str, Any]] = {}
    for story in stories:
        for source in story.sources:
            sources.setdefault(
                (source.model, source.pk), {"model": source.model, "pk": source.pk, "label": source.label}
            )
    return body, list(sources.values()), digest_of(stories)


def digest_of(stories: Sequence[Story | None]) -> str:
    """The fingerprint of an article's facts: sorted, so the same records give the same
    digest whatever order the editor picked them in; a story no longer written (its
    records gone) counts as a fact of its own."""
    parts = sorted(story.fingerprint() if story is not None else "-" for story in stories)
    return hashlib.sha256("".join(parts).encode()).hexdigest()


def current_digest(article: Article) -> str:
    """The digest of what the article's records tell today."""
    return digest_of([compose(a) for a in article.activities.select_related("organiser").order_by("pk")])


def _copy_of(name: str) -> images.CleanImage:
    with default_storage.open(name, "rb") as stored:
        return images.clean_image(stored)


def draft_article(*, actor: Actor, activity_ids: Sequence[int], request: HttpRequest | None = None) -> Article:
    """A draft written from the records of ``activity_ids`` (two lectures of a series make
    one article): the first story's headings, every story's paragraphs, the photos the
    records hold, and what each fact came from."""
    if not actor.has_role(*access.EDITOR_ROLES):
        raise Forbidden(_("只有街道各科室可以撰写社区报稿件。"))
    subdistrict_id = tenant_of(actor)
    assert actor.user is not None  # a staff member
    pairs = stories_of(actor, activity_ids)
    stories = [story for _activity, story in pairs]
    # Re-encoded before the transaction (no lock held while Pillow works): a published
    # article is public, the programme's own file is not, so the article keeps a copy.
    photos = [
        (_copy_of(photo.image), photo.caption[:200])
        for story in stories
        for photo in story.photos
        if default_storage.exists(photo.image)
    ]
    body, sources, digest = merged(stories)
    first = stories[0]
    with transaction.atomic():
        article = Article.objects.create(
            subdistrict_id=subdistrict_id,
            kicker=first.kicker[:100],
            title=first.title[:100],
            subtitle=first.subtitle[:100],
            body=body,
            office=office_of_credit(first.office, actor),
            author=actor.user,
            sources=sources,
            fingerprint=digest,
        )
        article.activities.set([activity for activity, _story in pairs])
        for position, (image, caption) in enumerate(photos):
            ArticlePhoto.objects.create(
                subdistrict_id=subdistrict_id,
                article=article,
                image=image.as_file(),
                caption=caption,
                position=position,
            )
        record_created(
            actor=actor,
            obj=article,
            request=request,
            values={"title": article.title, "office": article.office, "activities": [a.pk for a, _s in pairs]},
        )
    return article


def clean_article_values(values: dict[str, Any]) -> dict[str, Any]:
    errors = new_errors()
    cleaned = {
        "kicker": clean_text(errors, "kicker", values.get("kicker"), max_length=100),
        "title": clean_text(errors, "title", values.get("title"), max_length=100, required=True),
        "subtitle": clean_text(errors, "subtitle", values.get("subtitle"), max_length=100),
        "body": sanitise(clean_long_text(values.get("body"))),
        "office": values.get("office") or "",
    }
    if not cleaned["body"]:
        errors["body"].append(_("正文不能为空。"))
    elif len(cleaned["body"]) > MAX_BODY_LENGTH:
        errors["body"].append(_("正文过长（最多%(n)d个字符）。") % {"n": MAX_BODY_LENGTH})
    if cleaned["office"] not in Office.values:
        errors["office"].append(_("请选择署名科室。"))
    raise_if(errors)
    return cleaned


@transaction.atomic
def update_article(
    *,
    actor: Actor,
    article_id: int,
    title: str,
    body: str,
    office: str,
    kicker: str = "",
    subtitle: str = "",
    request: HttpRequest | None = None,
) -> Article:
    cleaned = clean_article_values(
        {"kicker": kicker, "title": title, "subtitle": subtitle, "body": body, "office": office}
    )
    article = access.article_for_actor(actor, article_id, for_update=True)
    if not article.editable:
        raise Conflict(_("这篇稿件已送审、已通过或已刊发，不能再修改。"), code="not_editable")
    if not access.may_edit(actor, article):
        raise Forbidden(_("只有稿件的编辑或署名科室可以修改。"))
    if changes := model_update(article, cleaned):
        record_changes(actor=actor, obj=article, changes=changes, request=request)
    return article


@transaction.atomic
def submit_article(*, actor: Actor, article_id: int, request: HttpRequest | None = None) -> Article:
    article = access.article_for_actor(actor, article_id, for_update=True)
    if not article.editable:
        raise Conflict(_("这篇稿件已送审、已通过或已刊发。"), code="not_editable")
    if not access.may_edit(actor, article):
        raise Forbidden(_("只有稿件的编辑或署名科室可以送审。"))
    changes = model_update(article, {"status": Article.Status.SUBMITTED})
    record_changes(actor=actor, obj=article, changes=changes, request=request)
    return article


@transaction.atomic
def review_article(
    *, actor: Actor, article_id: int, approve: bool, comment: str = "", request: HttpRequest | None = None
) -> Review:
    """通过, or 退回 with what to change. The reviewer holds the credited office's role
    (or is the sub-district admin) and is not the author."""
    comment = clean_long_text(comment)[:2000]
    if not approve and not comment:
        raise ValidationError({"comment": [_("退回时请写明修改意见。")]})
    article = access.article_for_actor(actor, article_id, for_update=True)
    if article.status != Article.Status.SUBMITTED:
        raise Conflict(_("这篇稿件不在待审状态。"), code="not_submitted")
    if not access.may_review(actor, article):
        raise Forbidden(_("稿件须由署名科室的其他同事或街道管理员审核，作者本人不能审核。"))
    assert actor.user is not None  # may_review
    decision = Review.Decision.APPROVED if approve else Review.Decision.RETURNED
    review = Review.objects.create(
        subdistrict_id=article.subdistrict_id, article=article, reviewer=actor.user, decision=decision, comment=comment
    )
    changes = model_update(article, {"status": decision.value})
    record_changes(actor=actor, obj=article, changes=changes, request=request)
    return review


def records_moved_on(article: Article) -> bool:
    """Whether the records the article was written from now tell another story."""
    return bool(article.fingerprint) and current_digest(article) != article.fingerprint


def flag_changed_records(*, subdistrict_id: int | None = None, within_days: int | None = RECHECK_DAYS) -> int:
    """Flag the published articles whose records moved on (not yet flagged); the editor sees
    it on their list and the article. Nothing in the article changes. Run daily, over the
    issues published within ``within_days`` (None: all)."""
    articles = Article.objects.filter(status=Article.Status.PUBLISHED, records_changed_at__isnull=True)
    if within_days is not None:
        articles = articles.filter(issue__published_at__gte=timezone.now() - dt.timedelta(days=within_days))
    if subdistrict_id is not None:
        articles = articles.filter(subdistrict_id=subdistrict_id)
    flagged = 0
    for article in articles.prefetch_related("activities").iterator(chunk_size=100):
        if records_moved_on(article):
            with transaction.atomic():
                Article.objects.filter(pk=article.pk).update(records_changed_at=timezone.now())
                record(
                    actor=None,
                    action=AuditEntry.Action.UPDATE,
                    obj=article,
                    detail={"changes": {"records_changed": [False, True]}},
                )
            flagged += 1
    return flagged


@transaction.atomic
def acknowledge_changed_records(*, actor: Actor, article_id: int, request: HttpRequest | None = None) -> Article:
    """The editor has seen that the records moved on (and written a correction if one is
    due): the flag goes, the published text stays as printed."""
    article = access.article_for_actor(actor, article_id, for_update=True)
    if article.records_changed_at is None:
        return article
    if not access.is_responsible(actor, article):
        raise Forbidden(_("只有稿件的编辑或署名科室可以处理这条提醒。"))
    changes = model_update(article, {"records_changed_at": None, "fingerprint": current_digest(article)})
    record_changes(actor=actor, obj=article, changes=changes, request=request)
    return article
