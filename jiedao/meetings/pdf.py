"""The minutes (会议纪要) as a PDF: the minutes template rendered by WeasyPrint
with the Noto CJK fonts of Debian's fonts-noto-cjk."""

from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import HTML

from jiedao.meetings.selectors import Minutes


def minutes_pdf(minutes: Minutes) -> bytes:
    html = render_to_string("meetings/minutes_pdf.html", {"m": minutes})
    pdf: bytes = HTML(string=html, base_url=str(settings.MEDIA_ROOT)).write_pdf()
    return pdf


def minutes_filename(minutes: Minutes) -> str:
    session = minutes.session
    date = f"{session.starts_at:%Y%m%d}-" if session else ""
    return f"minutes-{date}{minutes.meeting.pk}.pdf"
