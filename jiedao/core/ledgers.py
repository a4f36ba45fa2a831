"""Ledgers (台账) a programme generates from its records, for the upper level.

A programme declares its ledgers through its ``AppConfig``: an app may define
``ledgers() -> Iterable[Ledger]``; the ledger centre (``jiedao.ledgers.registry``)
asks every installed app in ``INSTALLED_APPS`` order, so adding a ledger never touches
the centre. A ``Ledger`` names who may read it (``readers``: role values) and builds its
``Table`` for an actor and a ``Period`` with the programme's own selectors and scope
rules; nothing in a ledger is typed by hand, and every row can be traced to the records
it came from (``Table.sources``).

This module imports nothing of the other apps: an actor is whatever the programme's
access functions take (``jiedao.accounts.actor.Actor``).
"""

import calendar
import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from jiedao.core.errors import Invalid

# The years a period may name: none of our records is older than the People's Republic,
# and a year far ahead is a typing mistake.
FIRST_YEAR = 1949
LAST_YEAR = 2100
_PERIOD = re.compile(r"([0-9]{4})(?:-([0-9]{2}))?", re.ASCII)

Cell = str | int | Decimal | dt.date | None


@dataclass(frozen=True)
class Period:
    """A calendar year (``month`` None) or one month of it."""

    year: int
    month: int | None = None

    @classmethod
    def parse(cls, text: str | None, *, today: dt.date | None = None) -> "Period":
        """``YYYY`` or ``YYYY-MM``; empty: the current year. Anything else is refused
        with a message people read (``Invalid``, field ``period``)."""
        text = (text or "").strip()
        if not text:
            return cls((today or timezone.localdate()).year)
        found = _PERIOD.fullmatch(text)
        if found is None:
            raise Invalid(_("期间应写作年份（如 2020）或年月（如 2020-03）。"), code="bad_period", field="period")
        year = int(found.group(1))
        month = int(found.group(2)) if found.group(2) else None
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise Invalid(
                _("年份应在%(first)d年至%(last)d年之间。") % {"first": FIRST_YEAR, "last": LAST_YEAR},
                code="bad_period",
                field="period",
            )
        if month is not None and not 1 <= month <= 12:
            raise Invalid(_("月份应在01至12之间。"), code="bad_period", field="period")
        return cls(year, month)

    @property
    def start(self) -> dt.date:
        """The first day."""
        return dt.date(self.year, self.month or 1, 1)

    @property
    def last(self) -> dt.date:
        """The last day (inclusive)."""
        if self.month is None:
            return dt.date(self.year, 12, 31)
        return dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    @property
    def end(self) -> dt.date:
        """The day after the last one (exclusive)."""
        return self.last + dt.timedelta(days=1)

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        """The first instant of the period and of the day after it, in local time."""
        zone = timezone.get_current_timezone()
        return (
            dt.datetime.combine(self.start, dt.time.min, tzinfo=zone),
            dt.datetime.combine(self.end, dt.time.min, tzinfo=zone),
        )

    @property
    def is_year(self) -> bool:
        return self.month is None

    def __str__(self) -> str:
        """As it is written in a URL: ``2020`` or ``2020-03``."""
        return str(self.year) if self.month is None else f"{self.year}-{self.month:02d}"

    @property
    def label(self) -> str:
        """As people read it: 2020年, 2020年3月."""
        if self.month is None:
            return _("%(year)d年") % {"year": self.year}
        return _("%(year)d年%(month)d月") % {"year": self.year, "month": self.month}


@dataclass(frozen=True)
class Source:
    """A record a ledger was computed from: its model (``app_label.model``), id and a
    readable label; ``row``: the index of the table row it belongs to (None: it counts
    towards a total, not one row)."""

    model: str
    id: int
    label: str
    row: int | None = None


@dataclass
class Table:
    """A ledger as computed: what the xlsx's first sheet shows and where it came from."""

    title: str
    headings: Sequence[str]
    rows: list[Sequence[Cell]] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    scope: str = ""  # whose records: 全街道, 秀苑居民区, 嘉春 …
    # Said on the sources sheet in place of records an aggregate may not name
    # (a confidential programme's statistics): which records, and why not listed.
    source_note: str = ""


@dataclass(frozen=True)
class Ledger:
    """A ledger a programme generates. ``build(actor, period)`` reads the records the
    actor may see in that programme; ``monthly``: whether a month may be asked for
    (a yearly ledger, such as the study hours of a year, refuses one)."""

    key: str  # "<programme>.<name>", e.g. "meetings.attendance"
    title: str | Promise
    readers: frozenset[str]
    build: Callable[[Any, Period], Table]
    source: str | Promise = ""  # the records it is derived from, for people
    monthly: bool = True

    def check(self, period: Period) -> None:
        """Refuse a month for a yearly ledger (``Invalid``)."""
        if period.month is not None and not self.monthly:
            raise Invalid(
                _("“%(title)s”按年度生成，请选择年份。") % {"title": self.title}, code="bad_period", field="period"
            )

    def table(self, actor: Any, period: Period) -> Table:
        """The ledger for ``period``; a month for a yearly ledger is refused."""
        self.check(period)
        return self.build(actor, period)


def published_figure(cell: dict[str, Any], min_people: int) -> Cell:
    """A figure of a programme's published statistics (``{"value", "suppressed"}``), or
    "<5" where its small-count rule withholds it: counselling and legal aid alike."""
    return f"<{min_people}" if cell["suppressed"] else cell["value"]
