"""Generating a ledger: the programme builds the table as the actor sees the records,
the centre writes the xlsx, and the download is audited (a ledger names people)."""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from jiedao.accounts.actor import Actor
from jiedao.core import audit
from jiedao.core.ledgers import Period, Table
from jiedao.core.models import AuditEntry
from jiedao.core.spreadsheets.writing import XLSX_CONTENT_TYPE
from jiedao.ledgers.registry import Entry, ledger_for
from jiedao.ledgers.workbook import ledger_xlsx
from jiedao.org.models import Subdistrict

CONTENT_TYPE = XLSX_CONTENT_TYPE


@dataclass(frozen=True)
class Generated:
    entry: Entry
    table: Table
    content: bytes
    filename: str


def file_name(entry: Entry, period: Period) -> str:
    return _("%(title)s（%(period)s）.xlsx") % {"title": entry.title, "period": period.label}


def generate(*, actor: Actor, key: str, period: Period) -> Generated:
    """The ledger ``key`` for ``period`` as an xlsx (``NotFound`` if the actor may not
    read it, ``Invalid`` for a month asked of a yearly ledger); audited as an export."""
    entry = ledger_for(actor, key)
    table = entry.ledger.table(actor, period)
    subdistrict = Subdistrict.objects.filter(pk=actor.subdistrict_id or 0).values_list("name", flat=True).first() or ""
    content = ledger_xlsx(table=table, subdistrict=subdistrict, period=period, generated_at=timezone.now())
    audit.record(
        actor=actor,
        action=AuditEntry.Action.EXPORT,
        object_type="ledgers.ledger",
        object_id=entry.key,
        object_repr=f"{entry.title}（{period.label}）"[:200],
        subdistrict_id=actor.subdistrict_id,
        detail={"ledger": entry.key, "period": str(period), "rows": len(table.rows), "sources": len(table.sources)},
    )
    return Generated(entry=entry, table=table, content=content, filename=file_name(entry, period))
