"""/api/v1/bulletin: the published issues for anyone (no login), and drafting an article
from an activity's records for the offices.

``GET /issues`` the published issues, newest first (``{items, count}``); ``GET
/issues/{id}`` one with its ``articles`` in order; ``GET /issues/{id}.pdf`` its print
edition. An unpublished issue is a 404 here, as one that does not exist.
``POST /drafts`` ``{"activity"}`` → 201 with the drafted article; 404 for an activity the
caller does not see, 400 ``nothing_to_report`` when its records hold nothing to write up.
"""

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from pydantic import BaseModel

from jiedao.accounts.policy import public, request_actor, staff
from jiedao.api.pagination import Page, PageQuery, paginate
from jiedao.api.responses import refuses
from jiedao.api.types import Id
from jiedao.bulletin import selectors, services
from jiedao.bulletin.access import EDITOR_ROLES, published_issues
from jiedao.bulletin.models import Article, NewsletterIssue
from jiedao.core.downloads import download_response
from jiedao.core.errors import Forbidden, Invalid, NotFound

router = Router(tags=["bulletin"])


class IssueOut(BaseModel):
    id: int
    subdistrict: str
    year: int
    number: int
    date: dt.date
    published_at: dt.datetime | None
    pdf_url: str


class PublishedArticleOut(BaseModel):
    id: int
    kicker: str
    title: str
    subtitle: str
    body: str  # the sanitised HTML subset (bulletin.text)
    office: str  # the credit as printed: 党建办
    activity_ids: list[int]


class ArticleOut(PublishedArticleOut):
    """An article as its editors see it: its state and the records each figure came from
    (names of attendees among them: never in the public answers)."""

    status: str
    sources: list[dict[str, Any]]


class IssueDetailOut(IssueOut):
    articles: list[PublishedArticleOut]


class IssueFilters(PageQuery):
    subdistrict: str = Field("", pattern=r"^([0-9]{9})?$", description="街道区划代码（九位）：只列该街道的社区报")


class DraftIn(Schema):
    activity: Id


def _issue(issue: NewsletterIssue) -> dict[str, Any]:
    return {
        "id": issue.pk,
        "subdistrict": issue.subdistrict.name,
        "year": issue.year,
        "number": issue.number,
        "date": issue.date,
        "published_at": issue.published_at,
        "pdf_url": f"/api/v1/bulletin/issues/{issue.pk}.pdf",
    }


def _article(article: Article) -> dict[str, Any]:
    return {
        "id": article.pk,
        "kicker": article.kicker,
        "title": article.title,
        "subtitle": article.subtitle,
        "body": article.body,
        "office": article.credit,
        "status": article.status,
        "activity_ids": sorted(a.pk for a in article.activities.all()),
        "sources": article.sources,
    }


@router.get("/issues", auth=None, response=Page[IssueOut], summary="已刊发的社区报（公开）")
@public
def list_issues(request: HttpRequest, filters: Query[IssueFilters]) -> dict[str, Any]:
    page = paginate(published_issues(filters.subdistrict), filters)
    page["items"] = [_issue(issue) for issue in page["items"]]
    return page


@router.get("/issues/{int:issue_id}", auth=None, response=IssueDetailOut, summary="一期社区报及其稿件（公开）")
@public
def get_issue(request: HttpRequest, issue_id: Id) -> dict[str, Any]:
    issue = get_object_or_404(published_issues(), pk=issue_id)
    return _issue(issue) | {"articles": [_article(a) for a in selectors.placed_articles(issue)]}


@router.get("/issues/{int:issue_id}.pdf", auth=None, summary="一期社区报的印刷版（PDF，公开）")
@public
def get_issue_pdf(request: HttpRequest, issue_id: Id) -> HttpResponse:
    issue = get_object_or_404(published_issues(), pk=issue_id)
    return download_response(
        services.print_edition(issue),
        filename=f"{issue.subdistrict.name}社区报-{issue.year}年第{issue.number}期.pdf",
        content_type="application/pdf",
        private=False,
    )


@router.post("/drafts", response={201: ArticleOut}, summary="从活动记录起草稿件")
@staff(*EDITOR_ROLES)
@refuses(Forbidden, NotFound, Invalid)
def create_draft(request: HttpRequest, payload: DraftIn) -> Status[dict[str, Any]]:
    article = services.draft_article(actor=request_actor(request), activity_ids=[payload.activity], request=request)
    return Status(201, _article(article))
