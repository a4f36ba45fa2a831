"""The attendance list of a session as an xlsx: name, category, unit, method,
time in, time out. ID numbers only masked; every export audited."""

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from jiedao.accounts.actor import Actor
from jiedao.activities.access import can_organise
from jiedao.activities.models import Session
from jiedao.activities.selectors import attendance_of
from jiedao.core import audit
from jiedao.core.errors import Forbidden
from jiedao.core.models import AuditEntry
from jiedao.core.spreadsheets.writing import XLSX_CONTENT_TYPE, XlsxWriter

__all__ = ["XLSX_CONTENT_TYPE", "attendance_export"]


def _local(value: dt.datetime | None) -> str:
    return f"{timezone.localtime(value):%Y-%m-%d %H:%M:%S}" if value is not None else ""


def attendance_export(*, actor: Actor, session: Session, request: HttpRequest | None = None) -> bytes:
    """An xlsx of who signed in at ``session`` (the caller checked the actor organises it)."""
    if not can_organise(actor, session.activity):
        raise Forbidden(_("您无权导出此签到名单。"))
    book = XlsxWriter()
    # Every string, a name such as ``=HYPERLINK(…)`` too, is written as text (``core.spreadsheets``).
    header = [_("序号"), _("姓名"), _("身份证号"), _("类别"), _("单位"), _("方式"), _("签到时间"), _("签退时间")]
    sheet = book.sheet(_("签到名单"), header=header)
    count = 0
    for count, attendance in enumerate(attendance_of(session).iterator(chunk_size=2000), start=1):
        sheet.append(
            [
                count,
                attendance.person.name,
                attendance.person.id_number_masked,
                str(attendance.get_category_display()),
                attendance.unit_name,
                str(attendance.get_method_display()),
                _local(attendance.signed_in_at),
                _local(attendance.signed_out_at),
            ]
        )
    audit.record(
        actor=actor,
        action=AuditEntry.Action.EXPORT,
        obj=session,
        request=request,
        detail={"count": count, "what": "attendance"},
    )
    return book.content()
