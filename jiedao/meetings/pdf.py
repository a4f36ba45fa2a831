"""The minutes (会议纪要) as a PDF: the minutes template rendered by WeasyPrint
with the Noto CJK fonts of Debian's fonts-noto-cjk."""

from django.http import HttpResponse
from django.utils import timezone

from jiedao.core.downloads import download_response
from jiedao.core.pdf import render_pdf
from jiedao.meetings.selectors import Minutes


def minutes_pdf(minutes: Minutes) -> bytes:
    return render_pdf("meetings/minutes_pdf.html", {"m": minutes})


def minutes_filename(minutes: Minutes) -> str:
    session = minutes.session
    date = f"{timezone.localtime(session.starts_at):%Y%m%d}-" if session else ""  # the local date
    return f"minutes-{date}{minutes.meeting.pk}.pdf"


def minutes_response(minutes: Minutes) -> HttpResponse:
    """The PDF shown in the browser (the page and the API both answer with it);
    private: it names the people present, for the invited only."""
    return download_response(
        minutes_pdf(minutes), filename=minutes_filename(minutes), content_type="application/pdf", inline=True
    )
