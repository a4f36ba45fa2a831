"""The one way a page or an API endpoint answers with a file."""

from django.http import HttpResponse
from django.utils.http import content_disposition_header


def download_response(
    content: bytes | str, *, filename: str, content_type: str, inline: bool = False, private: bool = True
) -> HttpResponse:
    """``content`` as a file named ``filename`` (any characters: RFC 6266 encoding).
    ``inline`` shows it in the browser (a PDF) instead of saving it; ``private``
    files (personal data, a person's own calendar) are never cached on the way."""
    response = HttpResponse(content, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = content_disposition_header(not inline, filename) or disposition
    if private:
        response["Cache-Control"] = "no-store"
    return response
