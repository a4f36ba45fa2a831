"""Reads of the newsletter: the staff's article lists, what an editor may draft from, and an
issue's contents as the web page, the feed and the print edition show them."""

import datetime as dt
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from jiedao.accounts.actor import Actor
from jiedao.activities.access import activities_visible_to
from jiedao.activities.models import Activity
from jiedao.bulletin import access
from jiedao.bulletin.models import Article, ArticlePhoto, NewsletterIssue

DRAFTABLE_YEARS = 3  # an editor writes up what happened lately, not a decade back
DRAFTABLE_LIMIT = 200


def article_list(actor: Actor, status: str = "") -> QuerySet[Article]:
    articles = access.articles_for(actor).select_related("author", "issue")
    if status == "flagged":
        return articles.filter(records_changed_at__isnull=False)
    if status:
        articles = articles.filter(status=status)
    return articles


def draftable_activities(actor: Actor) -> QuerySet[Activity]:
    """Recent activities the editor may see, newest first (the composer decides whether
    there is anything to write)."""
    since = timezone.localdate() - dt.timedelta(days=365 * DRAFTABLE_YEARS)
    return (
        activities_visible_to(actor)
        .filter(created_at__date__gte=since)
        .select_related("organiser")
        .order_by("-created_at", "-id")[:DRAFTABLE_LIMIT]
    )


def placed_articles(issue: NewsletterIssue) -> QuerySet[Article]:
    return issue.articles.order_by("position").prefetch_related(
        Prefetch("photos", queryset=ArticlePhoto.objects.order_by("position", "id")), "activities"
    )


def placeable_articles(actor: Actor) -> QuerySet[Article]:
    return access.articles_for(actor).filter(status=Article.Status.APPROVED, issue__isnull=True)


def issue_contents(issue: NewsletterIssue) -> dict[str, Any]:
    return {"issue": issue, "subdistrict": issue.subdistrict, "articles": list(placed_articles(issue))}


def published_articles() -> QuerySet[Article]:
    return Article.objects.filter(status=Article.Status.PUBLISHED).select_related("issue", "subdistrict")
