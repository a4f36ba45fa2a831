"""The one way a page or an API endpoint answers with a file: one made now
(``download_response``) or one stored earlier (``protected_file_response``)."""

import mimetypes
from pathlib import PurePosixPath
from urllib.parse import quote

from django.conf import settings
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
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


def protected_file_response(
    file: FieldFile, *, filename: str | None = None, inline: bool = True, max_age: int = 3600
) -> HttpResponseBase:
    """A stored upload (``file``) for a reader the caller's access function has
    let through: no URL serves ``MEDIA_ROOT`` directly, so uploads leave only here.

    With ``JIEDAO_MEDIA_ACCEL_REDIRECT`` set (production behind nginx) the answer is
    empty and carries ``X-Accel-Redirect``: nginx sends the bytes from its
    ``internal`` location (``docs/deployment.md``) and the app server is free at
    once. Without it (development, tests) the file is streamed from here. Either
    way only the reader's own browser may cache it (``private``), and its type
    comes from the stored name, never sniffed. A file gone from the disk is a 404.
    """
    name = file.name
    if not name:
        raise Http404
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    prefix = settings.JIEDAO_MEDIA_ACCEL_REDIRECT
    response: HttpResponseBase
    if prefix:
        file.storage.path(name)  # a name outside MEDIA_ROOT is refused (SuspiciousFileOperation)
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(name)
    else:
        try:
            handle = file.storage.open(name, "rb")
        except FileNotFoundError:
            raise Http404 from None
        response = FileResponse(handle, content_type=content_type)
    download_name = filename or PurePosixPath(name).name
    response["Content-Disposition"] = content_disposition_header(not inline, download_name) or "inline"
    response["Cache-Control"] = f"private, max-age={max_age}"
    response["X-Content-Type-Options"] = "nosniff"
    return response
