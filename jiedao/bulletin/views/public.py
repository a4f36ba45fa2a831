"""The newsletter as the public reads it: the archive of published issues (phone-friendly,
no login), one issue, its print PDF, the Atom feed, and the articles' photos. Nothing
unpublished is served here (404, as for an issue that does not exist)."""

from typing import Any

from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from jiedao.accounts.policy import public, request_actor
from jiedao.bulletin import selectors, services
from jiedao.bulletin.access import articles_for, published_issues
from jiedao.bulletin.models import Article, ArticlePhoto
from jiedao.core.downloads import download_response, protected_file_response
from jiedao.core.paging import page_of

FEED_ITEMS = 30


@public
@require_safe
def archive(request: HttpRequest) -> HttpResponse:
    code = _subdistrict_code(request)
    articles = Prefetch("articles", queryset=Article.objects.order_by("position"))
    page = page_of(request, published_issues(code).prefetch_related(articles))
    return render(request, "bulletin/archive.html", {"page": page, "subdistrict_code": code})


def _subdistrict_code(request: HttpRequest) -> str:
    """``?subdistrict=310109016``: one sub-district's newsletter where a deployment serves
    several; anything but nine digits is ignored (all of them)."""
    code = request.GET.get("subdistrict", "")
    return code if len(code) == 9 and code.isascii() and code.isdigit() else ""


@public
@require_safe
def issue(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(published_issues(), pk=pk)
    return render(request, "bulletin/issue.html", selectors.issue_contents(found))


@public
@require_safe
def issue_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(published_issues(), pk=pk)
    return download_response(
        services.print_edition(found),
        filename=f"{found.subdistrict.name}社区报-{found.year}年第{found.number}期.pdf",
        content_type="application/pdf",
        inline=True,
        private=False,
    )


@public
@require_safe
def photo(request: HttpRequest, pk: int) -> HttpResponseBase:
    """A published article's photo for anyone; an unpublished one's for the offices that
    see the article (its page shows it before 刊发)."""
    found = get_object_or_404(ArticlePhoto.objects.select_related("article"), pk=pk)
    if (
        found.article.status != Article.Status.PUBLISHED
        and not articles_for(request_actor(request)).filter(pk=found.article_id).exists()
    ):
        raise Http404
    return protected_file_response(found.image)


class ArticleFeed(Feed):  # type: ignore[type-arg]
    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> str:
        return _subdistrict_code(request)  # the feed of one sub-district, or of all

    def title(self) -> str:
        return _("社区报")

    def link(self) -> str:
        return reverse("bulletin:archive")

    def subtitle(self) -> str:
        return _("街道社区报已刊发的稿件")

    def items(self, code: str) -> list[Article]:
        articles = selectors.published_articles()
        if code:
            articles = articles.filter(subdistrict__code=code)
        return list(articles.order_by("-issue__published_at", "position")[:FEED_ITEMS])

    def item_title(self, item: Article) -> str:
        return item.title

    def item_description(self, item: Article) -> str:
        return strip_tags(item.body)[:300]

    def item_link(self, item: Article) -> str:
        assert item.issue_id is not None
        return reverse("bulletin:issue", args=[item.issue_id]) + f"#article-{item.pk}"

    def item_pubdate(self, item: Article) -> Any:
        return item.issue.published_at if item.issue else None

    def item_author_name(self, item: Article) -> str:
        return f"{item.subdistrict.name}{item.credit}"


feed = public(require_safe(ArticleFeed()))
