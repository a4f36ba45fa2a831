"""An iCalendar file (RFC 5545) per appointment, written by hand: UID, DTSTAMP,
DTSTART/DTEND in UTC, SUMMARY, LOCATION; text values escaped (backslash, comma,
semicolon, newline); CRLF line endings; lines folded at 75 octets (never inside a
UTF-8 sequence)."""

import datetime as dt

from django.conf import settings
from django.utils import timezone

from jiedao.counselling.models import Appointment


def escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Split a content line into pieces of at most 75 octets, continuation lines
    starting with one space (which counts towards their 75)."""
    pieces: list[str] = []
    current, size, limit = "", 0, 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            pieces.append(current)
            current, size, limit = "", 0, 74
        current += char
        size += width
    pieces.append(current)
    return "\r\n ".join(pieces)


def utc(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def appointment_ics(appointment: Appointment, *, now: dt.datetime | None = None) -> str:
    slot = appointment.slot
    studio = slot.room.studio
    host = getattr(settings, "JIEDAO_ICS_DOMAIN", "") or "jiedao.local"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Jiedao//Appointments//ZH",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        # Nothing in the file says counselling: calendars sync UIDs and product ids to
        # servers and share them along with the event.
        f"UID:appointment-{appointment.pk}@{host}",
        f"DTSTAMP:{utc(now or timezone.now())}",
        f"DTSTART:{utc(appointment.starts_at)}",
        f"DTEND:{utc(appointment.ends_at)}",
        f"SUMMARY:{escape(f'{studio.name} 预约')}",
        f"LOCATION:{escape(f'{studio.address} {slot.room.name}')}",
        "STATUS:CANCELLED" if appointment.status == Appointment.Status.CANCELLED else "STATUS:CONFIRMED",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "".join(fold(line) + "\r\n" for line in lines)
