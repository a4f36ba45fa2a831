"""A ledger as an xlsx, written with the one writer (``core.spreadsheets.writing``):
sheet 1 the table under a heading block (sub-district, title, period, scope, when it
was generated, that the system generated it from the records), sheet 2 every source
record (type, id, label, the row it belongs to), so each row is traceable."""

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from django.apps import apps
from django.utils import timezone
from django.utils.translation import gettext as _

from jiedao.core.ledgers import Cell, Period, Table
from jiedao.core.spreadsheets.writing import BOLD, Value, XlsxWriter

# Rows above the table's header on sheet 1: the heading block and a blank row.
HEADING_ROWS = 7


def cell_value(value: Cell) -> Value:
    """A table cell as the writer takes it: an amount or hours as a number, a day as text."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def model_title(label: str) -> str:
    """The name people read for a model label (``party.partymember`` → 党员)."""
    try:
        return str(apps.get_model(label)._meta.verbose_name)
    except (LookupError, ValueError):
        return label


def stamp(moment: dt.datetime) -> str:
    """An aware local time with its offset: 2020-06-01 10:30:00 +08:00."""
    local = timezone.localtime(moment)
    offset = local.strftime("%z")
    return f"{local:%Y-%m-%d %H:%M:%S} {offset[:3]}:{offset[3:]}"


def ledger_xlsx(*, table: Table, subdistrict: str, period: Period, generated_at: dt.datetime) -> bytes:
    book = XlsxWriter()
    sheet = book.sheet(table.title, widths={0: 24, 1: 16, 2: 16})
    heading: Sequence[tuple[str, str]] = (
        (_("街道"), subdistrict),
        (_("台账"), table.title),
        (_("期间"), period.label),
        (_("范围"), table.scope),
        (_("生成时间"), stamp(generated_at)),
        (_("说明"), _("由系统根据业务记录自动生成")),
    )
    for name, value in heading:
        sheet.append([name, value])
    sheet.append([])
    sheet.append(list(table.headings), font=BOLD)
    for row in table.rows:
        sheet.append([cell_value(value) for value in row])
    sources = book.sheet(
        _("来源记录"), header=[_("类型"), _("编号"), _("说明"), _("对应行")], widths={0: 16, 2: 48}, freeze_header=True
    )
    first = HEADING_ROWS + 2  # the sheet row of the table's first data row
    titles: dict[str, str] = {}
    for source in table.sources:
        if source.model not in titles:
            titles[source.model] = model_title(source.model)
        title = titles[source.model]
        sources.append([title, source.id, source.label, first + source.row if source.row is not None else None])
    if table.source_note:
        sources.append([table.source_note])
    return book.content()
