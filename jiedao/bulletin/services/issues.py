"""Putting an issue together and publishing it; its print edition.

Approved articles are placed in a draft issue in order; publishing the issue publishes
every article in it at once (刊发) and makes the issue public. A published issue is not
edited: a correction goes in the next one.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from jiedao.accounts.access import one_for_actor, tenant_of
from jiedao.accounts.actor import Actor
from jiedao.bulletin import access
from jiedao.bulletin.models import Article, NewsletterIssue
from jiedao.core.audit import record, record_changes, record_created
from jiedao.core.errors import Conflict, Forbidden
from jiedao.core.models import AuditEntry
from jiedao.core.pdf import render_pdf
from jiedao.core.services import model_update

MAX_ARTICLES = 12  # a four-page newsletter holds four to eight stories
WIDE_FROM = 4  # articles from which the print edition is A3 in three columns


def _require_issue_role(actor: Actor) -> None:
    if not actor.has_role(*access.ISSUE_ROLES):
        raise Forbidden(_("只有街道管理员和党建办可以编排、刊发社区报。"))


def next_number(subdistrict_id: int, year: int) -> int:
    last = NewsletterIssue.objects.filter(subdistrict_id=subdistrict_id, year=year).aggregate(n=Max("number"))["n"]
    return (last or 0) + 1


@transaction.atomic
def create_issue(
    *, actor: Actor, date: dt.date, number: int | None = None, request: HttpRequest | None = None
) -> NewsletterIssue:
    _require_issue_role(actor)
    subdistrict_id = tenant_of(actor)
    number = number or next_number(subdistrict_id, date.year)
    if number < 1 or number > 999:
        raise ValidationError({"number": [_("期号应为1到999。")]})
    taken = _("%(year)d年第%(n)d期已经存在。") % {"year": date.year, "n": number}
    if NewsletterIssue.objects.filter(subdistrict_id=subdistrict_id, year=date.year, number=number).exists():
        raise ValidationError({"number": [taken]})
    try:
        with transaction.atomic():  # two editors creating "the next issue" at once: one wins
            issue = NewsletterIssue.objects.create(
                subdistrict_id=subdistrict_id, year=date.year, number=number, date=date, created_by=actor.user
            )
    except IntegrityError:
        raise ValidationError({"number": [taken]}) from None
    record_created(actor=actor, obj=issue, request=request, values={"year": issue.year, "number": number, "date": date})
    return issue


def _draft_issue(actor: Actor, issue_id: int) -> NewsletterIssue:
    issue = access.issue_for_actor(actor, issue_id, for_update=True)
    if issue.is_published:
        raise Conflict(_("这一期已经刊发，不能再改动；更正请刊于下一期。"), code="issue_published")
    return issue


@transaction.atomic
def place_article(*, actor: Actor, issue_id: int, article_id: int, request: HttpRequest | None = None) -> Article:
    """An approved article placed last in a draft issue."""
    issue = _draft_issue(actor, issue_id)
    article = access.article_for_actor(actor, article_id, for_update=True)
    if article.status != Article.Status.APPROVED or article.issue_id is not None:
        raise Conflict(_("只有已通过审核、尚未编入其他期的稿件可以编入。"), code="not_placeable")
    placed = issue.articles.count()
    if placed >= MAX_ARTICLES:
        raise Conflict(_("一期最多编入%(n)d篇稿件。") % {"n": MAX_ARTICLES}, code="issue_full")
    last = issue.articles.aggregate(p=Max("position"))["p"]
    changes = model_update(article, {"issue": issue, "position": (last or 0) + 1})
    record_changes(actor=actor, obj=article, changes=changes, request=request)
    return article


@transaction.atomic
def remove_article(*, actor: Actor, issue_id: int, article_id: int, request: HttpRequest | None = None) -> Article:
    issue = _draft_issue(actor, issue_id)
    article = one_for_actor(issue.articles.select_for_update(), article_id)
    changes = model_update(article, {"issue": None, "position": None})
    record_changes(actor=actor, obj=article, changes=changes, request=request)
    _renumber(issue)
    return article


@transaction.atomic
def move_article(*, actor: Actor, issue_id: int, article_id: int, up: bool, request: HttpRequest | None = None) -> None:
    """One place earlier (``up``) or later in the issue."""
    issue = _draft_issue(actor, issue_id)
    order = list(issue.articles.select_for_update().order_by("position"))
    index = next((i for i, a in enumerate(order) if a.pk == article_id), None)
    if index is None:
        raise Http404
    other = index - 1 if up else index + 1
    if not 0 <= other < len(order):
        return
    order[index], order[other] = order[other], order[index]
    _renumber(issue, order)
    record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        obj=issue,
        request=request,
        detail={"changes": {"order": [None, [a.pk for a in order]]}},
    )


def _renumber(issue: NewsletterIssue, order: list[Article] | None = None) -> None:
    """Positions 1..n in ``order`` (default: the present order). Cleared first: the
    unique (issue, position) would refuse a swap done row by row."""
    order = order if order is not None else list(issue.articles.order_by("position"))
    Article.objects.filter(pk__in=[a.pk for a in order]).update(position=None, issue=None)
    for position, article in enumerate(order, start=1):
        Article.objects.filter(pk=article.pk).update(issue=issue, position=position)


@transaction.atomic
def publish_issue(*, actor: Actor, issue_id: int, request: HttpRequest | None = None) -> NewsletterIssue:
    """刊发: the issue and every article in it become public at once."""
    issue = _draft_issue(actor, issue_id)
    articles = list(issue.articles.select_for_update())
    if not articles:
        raise Conflict(_("这一期还没有编入稿件。"), code="issue_empty")
    if any(a.status != Article.Status.APPROVED for a in articles):
        raise Conflict(_("这一期有稿件未通过审核。"), code="not_approved")
    now = timezone.now()
    issue.articles.update(status=Article.Status.PUBLISHED)
    changes = model_update(issue, {"status": NewsletterIssue.Status.PUBLISHED, "published_at": now})
    record_changes(actor=actor, obj=issue, changes=changes, request=request)
    return issue


def print_edition(issue: NewsletterIssue) -> bytes:
    """The issue's PDF: rendered once after publication and kept (a published issue does
    not change); before that, rendered afresh for the proof."""
    if issue.is_published and issue.pdf:
        with issue.pdf.open("rb") as stored:
            kept: bytes = stored.read()
        return kept
    from jiedao.bulletin.selectors import issue_contents

    context = issue_contents(issue)
    # Two columns on A4 for a short issue; three on A3, the newsletter's own size, beyond.
    wide = len(context["articles"]) >= WIDE_FROM
    context |= {"columns": 3 if wide else 2, "page_size": "A3" if wide else "A4"}
    content = render_pdf("bulletin/issue_pdf.html", context)
    if issue.is_published:
        with transaction.atomic():
            locked = NewsletterIssue.objects.select_for_update().get(pk=issue.pk)
            if not locked.pdf:
                locked.pdf.save(f"{issue.subdistrict_id}-{issue.year}-{issue.number}.pdf", ContentFile(content))
    return content
