"""Importing a payment statement from the bank or the tax bureau (xlsx, xls or ods).

One row per payment, keyed by the unified social credit code: 统一社会信用代码,
年度, 缴费日期, 金额, 流水号 (单位名称 and other columns are ignored). All rows or
none: every problem is reported with its row (as Excel numbers it) and column,
and nothing is written while there is one. A row whose 流水号 is already recorded
for the channel with the same enterprise, year, date and amount is counted as
already imported, so importing the same statement twice changes nothing (a payment
imported and voided since stays voided); the same 流水号 with other data is a problem
of that row. A payment may not be dated after today, nor take an assessment beyond
what it owes (counting what is paid and the rows above it that pass).
"""

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from jiedao.accounts.actor import Actor
from jiedao.core import audit
from jiedao.core.models import AuditEntry
from jiedao.core.numbers import parse_money
from jiedao.core.services import clean_text, new_errors
from jiedao.core.spreadsheets import Cell, Source, SpreadsheetRefused, first_sheet_rows
from jiedao.core.validators import normalise, parse_credit_code
from jiedao.dues.access import require_manager
from jiedao.dues.models import FIRST_YEAR, LAST_YEAR, Channel, DuesAssessment, DuesPayment, Statement
from jiedao.dues.selectors.ledger import LIVE, sum_fen, yuan
from jiedao.org.models import Unit
from jiedao.people.roster.problems import RowError

CODE, YEAR, DATE, AMOUNT, REFERENCE = "统一社会信用代码", "年度", "缴费日期", "金额", "流水号"
HEADERS = (CODE, YEAR, DATE, AMOUNT, REFERENCE)
HEADER_SEARCH_ROWS = 10
CHUNK = 900  # ids per IN (...) list: below SQLite's variable limit
DATE_TEXT = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")


@dataclass
class StatementResult:
    file_name: str
    rows: int = 0
    created: int = 0
    unchanged: int = 0
    statement_id: int | None = None
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class Line:
    row: int
    credit_code: str
    year: int
    paid_on: dt.date
    amount: Decimal
    reference: str


def _text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _date(value: Cell) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value)
    if len(text) == 8 and text.isdigit():
        text = f"{text[:4]}-{text[4:6]}-{text[6:]}"
    if m := DATE_TEXT.match(text):
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
    return None


def _header(rows: Iterator[Sequence[Cell]]) -> tuple[int, dict[str, int]]:
    for number, cells in enumerate(rows, start=1):
        names = ["".join(_text(c).split()) for c in cells]
        if CODE in names and REFERENCE in names:
            positions: dict[str, int] = {}
            for index, name in enumerate(names):
                positions.setdefault(name, index)
            missing = [h for h in HEADERS if h not in positions]
            if missing:
                raise _FileError(
                    [
                        RowError(number, h, _("表头（第%(row)d行）中缺少“%(h)s”列。") % {"row": number, "h": h})
                        for h in missing
                    ]
                )
            return number, positions
        if number == HEADER_SEARCH_ROWS:
            break
    raise _FileError(
        [RowError(None, "", _("前%(n)d行中没有含“统一社会信用代码”和“流水号”的表头行。") % {"n": HEADER_SEARCH_ROWS})]
    )


class _FileError(Exception):
    def __init__(self, errors: list[RowError]) -> None:
        super().__init__("")
        self.errors = errors


def read_lines(source: Source) -> tuple[list[Line], list[RowError]]:
    """Every payment row of the file, and every problem of a single cell."""
    try:
        rows = iter(first_sheet_rows(source))
    except SpreadsheetRefused as exc:
        raise _FileError([RowError(None, "", exc.message)]) from None
    header_row, pos = _header(rows)
    today = timezone.localdate()
    lines: list[Line] = []
    errors: list[RowError] = []
    for number, cells in enumerate(rows, start=header_row + 1):

        def cell(h: str, cells: Sequence[Cell] = cells) -> Cell:
            i = pos[h]
            return cells[i] if i < len(cells) else None

        if not any(_text(c) for c in cells):
            continue
        problems: list[RowError] = []
        # Checked against the units registered (validated when they were), the check
        # digit only for a code that matches none (``_check``): 4 times faster.
        code = normalise(_text(cell(CODE))).upper()
        if not code:
            problems.append(RowError(number, CODE, _("此项不能为空。")))
        year_text = _text(cell(YEAR))
        year = int(year_text) if year_text.isdigit() else 0
        if not FIRST_YEAR <= year <= LAST_YEAR:
            problems.append(RowError(number, YEAR, _("年度应为四位数字的年份，如2019。")))
        paid_on = _date(cell(DATE))
        if paid_on is None:
            problems.append(RowError(number, DATE, _("日期无法识别，请写成2019-03-15的形式。")))
        elif paid_on > today:
            problems.append(RowError(number, DATE, _("缴费日期不能晚于今天。")))
        amount = parse_money(cell(AMOUNT))
        if amount is None or amount <= 0:
            problems.append(RowError(number, AMOUNT, _("金额应大于0，最多两位小数（到分）。")))
        text_errors = new_errors()
        reference = clean_text(text_errors, "reference", _text(cell(REFERENCE)), max_length=64, required=True)
        problems.extend(RowError(number, REFERENCE, m) for m in text_errors["reference"])
        if problems:
            errors.extend(problems)
            continue
        assert paid_on is not None and amount is not None
        lines.append(Line(number, code, year, paid_on, amount, reference))
    return lines, errors


def _chunks(values: list[str]) -> Iterator[list[str]]:
    for i in range(0, len(values), CHUNK):
        yield values[i : i + CHUNK]


def _check(lines: list[Line], sd: int, channel: str) -> tuple[list[tuple[Line, int]], int, list[RowError]]:
    """The new payments (line, assessment id), how many lines were imported before, the problems."""
    errors: list[RowError] = []
    codes = sorted({line.credit_code for line in lines})
    units: dict[str, int] = {}
    for chunk in _chunks(codes):
        units.update(Unit.objects.filter(subdistrict_id=sd, credit_code__in=chunk).values_list("credit_code", "pk"))
    years = sorted({line.year for line in lines})
    assessments: dict[tuple[int, int], tuple[int, Decimal]] = {}
    unit_ids = sorted(set(units.values()))
    for i in range(0, len(unit_ids), CHUNK):
        rows = DuesAssessment.objects.select_for_update().filter(
            LIVE, subdistrict_id=sd, unit_id__in=unit_ids[i : i + CHUNK], year__in=years
        )
        for pk, unit_id, year, assessed in rows.values_list("pk", "unit_id", "year", "assessed"):
            assessments[(unit_id, year)] = (pk, assessed)
    paid: dict[int, Decimal] = defaultdict(Decimal)
    ids = sorted(pk for pk, _a in assessments.values())
    for i in range(0, len(ids), CHUNK):
        totals = (
            DuesPayment.objects.filter(LIVE, assessment_id__in=ids[i : i + CHUNK])
            .values("assessment_id")
            .annotate(s=sum_fen("amount"))
            .values_list("assessment_id", "s")
        )
        paid.update((a_id, yuan(fen)) for a_id, fen in totals)
    existing: dict[str, tuple[int, dt.date, Decimal]] = {}
    voided: set[tuple[str, int, dt.date, Decimal]] = set()
    for chunk in _chunks(sorted({line.reference for line in lines})):
        found = DuesPayment.objects.filter(subdistrict_id=sd, channel=channel, reference__in=chunk)
        for ref, a_id, paid_on, amount, voided_at in found.values_list(
            "reference", "assessment_id", "paid_on", "amount", "voided_at"
        ):
            if voided_at is None:
                existing[ref] = (a_id, paid_on, amount)
            else:
                voided.add((ref, a_id, paid_on, amount))
    seen: dict[str, int] = {}
    new: list[tuple[Line, int]] = []
    unchanged = 0
    adding: dict[int, Decimal] = defaultdict(Decimal)
    for line in lines:
        if line.reference in seen:
            errors.append(RowError(line.row, REFERENCE, _("流水号与第%(row)d行重复。") % {"row": seen[line.reference]}))
            continue
        seen[line.reference] = line.row
        unit_pk = units.get(line.credit_code)
        if unit_pk is None:
            try:
                parse_credit_code(line.credit_code)
                message = _("本街道没有登记这个统一社会信用代码的单位。")
            except ValidationError as exc:
                message = exc.messages[0]
            errors.append(RowError(line.row, CODE, message))
            continue
        found_assessment = assessments.get((unit_pk, line.year))
        if found_assessment is None:
            errors.append(RowError(line.row, YEAR, _("该单位%(year)d年度尚未核定工会经费。") % {"year": line.year}))
            continue
        a_id, assessed = found_assessment
        if (line.reference, a_id, line.paid_on, line.amount) in voided and line.reference not in existing:
            unchanged += 1  # imported before and voided since: importing it again does not bring it back
            continue
        if line.reference in existing:
            if existing[line.reference] == (a_id, line.paid_on, line.amount):
                unchanged += 1
            else:
                errors.append(RowError(line.row, REFERENCE, _("该流水号已登记为另一笔缴费，与本行不符。")))
            continue
        if paid[a_id] + adding[a_id] + line.amount > assessed:
            errors.append(
                RowError(
                    line.row,
                    AMOUNT,
                    _("加上已缴和本表前面各行，超过该单位%(year)d年度应缴金额（%(assessed)s元）。")
                    % {"year": line.year, "assessed": assessed},
                )
            )
            continue
        adding[a_id] += line.amount  # only a row that passes counts against the rows after it
        new.append((line, a_id))
    return new, unchanged, errors


def statement_import(
    *,
    actor: Actor,
    source: Source,
    file_name: str,
    channel: str,
    request: HttpRequest | None = None,
) -> StatementResult:
    """Import a statement into the actor's sub-district: all rows or none."""
    sd = actor.subdistrict_id
    assert sd is not None
    require_manager(actor, sd)
    result = StatementResult(file_name=file_name[:200])
    if channel not in Channel.values:
        result.errors = [RowError(None, "", _("交纳渠道无效。"))]
        return result
    try:
        lines, errors = read_lines(source)
    except _FileError as exc:
        result.errors = exc.errors
        return result
    result.rows = len(lines) + len({e.row for e in errors})
    if not lines and not errors:
        result.errors = [RowError(None, "", _("表格中没有缴费数据。"))]
        return result
    try:
        with transaction.atomic():
            new, unchanged, problems = _check(lines, sd, channel)
            errors = sorted(errors + problems, key=lambda e: (e.row or 0, e.column))
            if errors:
                result.errors = errors
                return result
            result.unchanged = unchanged
            if not new:
                return result  # imported before: nothing to write
            statement = Statement.objects.create(
                subdistrict_id=sd,
                file_name=result.file_name,
                channel=channel,
                rows=result.rows,
                created=len(new),
                unchanged=unchanged,
                imported_by=actor.user,
            )
            DuesPayment.objects.bulk_create(
                [
                    DuesPayment(
                        subdistrict_id=sd,
                        assessment_id=a_id,
                        paid_on=line.paid_on,
                        amount=line.amount,
                        channel=channel,
                        reference=line.reference,
                        statement=statement,
                    )
                    for line, a_id in new
                ],
                batch_size=1000,
            )
            audit.record(
                actor=actor,
                action=AuditEntry.Action.IMPORT,
                obj=statement,
                request=request,
                detail={"file": result.file_name, "channel": channel, "created": len(new), "unchanged": unchanged},
            )
            result.created, result.statement_id = len(new), statement.pk
    except IntegrityError:
        result.created = result.unchanged = 0
        result.statement_id = None
        result.errors = [RowError(None, "", _("导入期间有人同时登记了其中的缴费，本次未导入任何数据，请重新导入。"))]
    return result
