"""PDF documents: a template rendered by WeasyPrint with Debian's Noto CJK fonts, and the
QR code a printed certificate carries to its public verification page.

WeasyPrint (with Pango and its fonts) is imported on the first document, not with the
module: every page that merely links to a PDF imports this module, and loading it would
cost each app server process about a second and tens of megabytes at start."""

from functools import cache
from typing import TYPE_CHECKING, Any

import segno
from django.conf import settings
from django.template.loader import render_to_string

if TYPE_CHECKING:
    from weasyprint.text.fonts import FontConfiguration


@cache
def _fonts() -> "FontConfiguration":
    # One per process: a new one per document keeps its fonts alive, and printing a class's
    # 500 certificates grew to gigabytes (one shared stays flat; docs/benchmarks.md).
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def render_pdf(template_name: str, context: dict[str, Any]) -> bytes:
    from weasyprint import HTML

    html = render_to_string(template_name, context)
    pdf: bytes = HTML(string=html, base_url=str(settings.MEDIA_ROOT)).write_pdf(font_config=_fonts())
    return pdf


def qr_data_uri(text: str) -> str:
    """An SVG QR code as a ``data:`` URI for an ``<img>`` in a PDF template (no file,
    no network). Error correction M: a printed code survives a fold or a stain."""
    uri: str = segno.make(text, error="m").svg_data_uri(scale=4, border=2)
    return uri
