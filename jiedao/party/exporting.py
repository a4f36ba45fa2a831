"""The ledger as an xlsx for the upper level, generated from the records."""

from collections.abc import Callable, Sequence

from django.utils.translation import gettext as _

from jiedao.core.spreadsheets.writing import XlsxWriter
from jiedao.party.models import PartyMember
from jiedao.party.selectors import MemberHours


def ledger_xlsx(rows: Sequence[MemberHours], *, year: int, progress: Callable[[int, int], None] | None = None) -> bytes:
    """The sheet of ``rows``; ``progress(done, total)`` told every thousand rows."""
    book = XlsxWriter()
    sheet = book.sheet(
        _("%(year)s年度党员学时台账") % {"year": year},
        header=[
            _("党组织"),
            _("姓名"),
            _("党员类别"),
            _("党课学时"),
            _("自学学时"),
            _("外部培训学时"),
            _("合计"),
            _("目标"),
            _("差额"),
            _("达标月份"),
        ],
        widths={0: 32, 1: 12, 2: 10},
        freeze_header=True,
    )
    statuses = dict(PartyMember.Status.choices)
    for done, row in enumerate(rows, 1):
        if progress is not None and done % 1000 == 0:
            progress(done, len(rows))
        sheet.append(
            [
                row.branch_name,
                row.name,
                str(statuses.get(row.member.status, "")),
                float(row.by_source("lecture")),
                float(row.by_source("self_study")),
                float(row.by_source("external")),
                float(row.hours),
                float(row.target),
                float(row.shortfall),
                row.reached_month,
            ]
        )
    return book.content()
