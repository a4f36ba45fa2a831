"""One pagination rule for the pages: ``JIEDAO_PAGE_SIZE`` rows, the page number
from ``?page=``; a page number out of range or not a number gives the nearest
page rather than an error (links get stale as rows come and go)."""

from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest


def page_of(request: HttpRequest, qs: QuerySet[Any]) -> Page[Any]:
    """The requested page of an ordered queryset (a count and a slice: two queries)."""
    return Paginator(qs, settings.JIEDAO_PAGE_SIZE).get_page(request.GET.get("page"))
