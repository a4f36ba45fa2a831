"""What the dues pages share: the year asked for and the navigation tabs."""

from django.http import HttpRequest
from django.utils import timezone


def year_param(request: HttpRequest, default: int | None = None) -> int:
    """``year`` (posted, or ``?year=``) as a year, or ``default`` (last year: the one whose dues are settled)."""
    text = request.POST.get("year") or request.GET.get("year", "")
    if text.isdigit() and 1950 <= int(text) <= 2200:
        return int(text)
    return default if default is not None else timezone.localdate().year - 1
