"""Where a resident's screen sends them on: ``next`` from the form or the URL, kept
only if it stays on this site (as Django's ``LoginView`` checks it)."""

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

# Added to ``next`` by "以后再说" on the binding page: the page that sent the resident
# to binding (the QR sign-in page) shows itself instead of sending them back.
LATER = ("bind", "later")


def safe_next(request: HttpRequest, fallback: str = "") -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return candidate if allowed else fallback


def with_next(url: str, next_url: str) -> str:
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def later(next_url: str) -> str:
    """``next_url`` with ``bind=later`` added to its query."""
    parts = urlsplit(next_url)
    query = [pair for pair in parse_qsl(parts.query, keep_blank_values=True) if pair[0] != LATER[0]]
    return urlunsplit(parts._replace(query=urlencode([*query, LATER])))


def binding_put_off(request: HttpRequest) -> bool:
    """Whether the resident chose "以后再说" on the way to this page."""
    return request.GET.get(LATER[0]) == LATER[1]
