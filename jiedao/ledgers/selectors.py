"""Reads of the ledger centre's page: each ledger with the user's last generation."""

from dataclasses import dataclass

from django.utils.http import urlencode

from jiedao.accounts.actor import Actor
from jiedao.core.ledgers import Period
from jiedao.jobs.access import jobs_of
from jiedao.jobs.models import Job
from jiedao.jobs.services import kind_of
from jiedao.ledgers.jobs import export_ledger
from jiedao.ledgers.registry import Entry, grouped


@dataclass(frozen=True)
class Row:
    entry: Entry
    last: Job | None


def last_generated(actor: Actor) -> dict[str, Job]:
    """The user's latest ledger job per ledger key, from their recent jobs (one query;
    finished jobs are purged after a few days)."""
    kind = kind_of(export_ledger)
    found: dict[str, Job] = {}
    for job in jobs_of(actor):  # newest first
        if job.kind == kind:
            found.setdefault(str(job.params.get("key", "")), job)
    return found


def rows_by_programme(entries: list[Entry], last: dict[str, Job]) -> list[tuple[str, list[Row]]]:
    return [(title, [Row(e, last.get(e.key)) for e in group]) for title, group in grouped(entries)]


def period_query(period: Period) -> str:
    return urlencode({"year": period.year, "month": period.month or ""})
