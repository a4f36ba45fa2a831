"""Reading a roster spreadsheet (xlsx, xls or ods) through the shared guarded reader.

The header row is the first of the first ten rows that names both 姓名 and
身份证号 (a title such as “XX街道花名册” may sit above it); row numbers in
messages stay as Excel shows them. Each row below it is read into a ``Row``:
cells as text, names of areas and units resolved as people write them
(``org.names``), an ID number typed as a number refused, and the filled
optional columns noted.
"""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TypeVar

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, pgettext

from jiedao.core.spreadsheets import Cell, Source, SpreadsheetRefused, first_sheet_rows
from jiedao.core.validators import normalise
from jiedao.org.models import ResidentialArea, Unit
from jiedao.org.names import NameIndex, area_index, unit_index
from jiedao.people.roster import columns as col
from jiedao.people.roster.column_fields import BIT
from jiedao.people.roster.problems import RosterFileError, RowError
from jiedao.people.services import id_number_hash

__all__ = ["Cell", "Lookups", "Row", "Source", "cell_text", "locate_header", "read_row", "read_rows"]

T = TypeVar("T")

HEADER_SEARCH_ROWS = 10  # the header row is looked for among the first rows (titles may sit above it)


def read_rows(source: Source) -> Iterator[list[Cell]]:
    """The rows of the first sheet (row i from 0 is Excel row i + 1, blank rows included),
    after the shared reader's checks; a refusal is a ``RosterFileError`` for the file."""
    try:
        return first_sheet_rows(source)
    except SpreadsheetRefused as exc:
        raise RosterFileError([RowError(None, "", exc.message)]) from None


def cell_text(value: Cell) -> str:
    """A cell as text: whole numbers without ``.0`` (a phone typed as a number), blanks as ''."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _is_number(value: Cell) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _header_names(cells: Sequence[Cell]) -> list[str]:
    return ["".join(cell_text(value).split()) for value in cells]


def header_positions(header: Sequence[Cell], row: int = 1) -> dict[str, int]:
    """{header name: column index} of the header row (Excel row ``row``); raises
    ``RosterFileError`` listing every missing or repeated header."""
    positions: dict[str, int] = {}
    errors: list[RowError] = []
    for index, name in enumerate(_header_names(header)):
        if name not in col.HEADERS:
            continue  # extra columns (序号, 备注, …) are ignored
        if name in positions:
            errors.append(RowError(row, name, _("表头“%(h)s”出现了不止一次。") % {"h": name}))
        positions.setdefault(name, index)
    errors.extend(
        RowError(row, h, _("表头（第%(row)d行）中缺少“%(h)s”列。") % {"row": row, "h": h})
        for h in col.REQUIRED_HEADERS
        if h not in positions
    )
    if errors:
        raise RosterFileError(errors)
    return positions


def locate_header(rows: Iterator[Sequence[Cell]]) -> tuple[int, dict[str, int]]:
    """(Excel row of the header, its column positions), consuming ``rows`` up to the header.

    The header is the first of the first HEADER_SEARCH_ROWS rows that names every
    one of ``col.KEY_HEADERS``; rows above it (titles, blank rows) are ignored."""
    scanned: list[tuple[int, set[str]]] = []
    for number, cells in enumerate(rows, start=1):
        names = set(_header_names(cells))
        if names.issuperset(col.KEY_HEADERS):
            return number, header_positions(cells, number)
        scanned.append((number, names - {""}))
        if number == HEADER_SEARCH_ROWS:
            break
    if not any(names for _, names in scanned) and not any(any(cell_text(c) for c in cells) for cells in rows):
        raise RosterFileError([RowError(None, "", _("表格是空的：没有表头（姓名、身份证号……），也没有人员数据。"))])
    # Report against the row that looks most like a header (None when none does).
    best_row, best = None, set[str]()
    for number, names in scanned:
        known = names & set(col.HEADERS)
        if len(known) > len(best):
            best_row, best = number, known
    message = _("缺少“%(h)s”列：前%(n)d行中没有同时含“姓名”和“身份证号”的表头行。")
    raise RosterFileError(
        [
            RowError(best_row, h, message % {"h": h, "n": HEADER_SEARCH_ROWS})
            for h in col.REQUIRED_HEADERS
            if h not in best
        ]
    )


# ---------------------------------------------------------------- a row as read


class Lookups:
    """The sub-district's residential areas and units, found as people write their names (two queries)."""

    def __init__(self, subdistrict_id: int) -> None:
        areas = list(ResidentialArea.objects.filter(subdistrict_id=subdistrict_id))
        units = list(Unit.objects.filter(subdistrict_id=subdistrict_id))
        self.areas = area_index((a.name, a) for a in areas)
        self.units = unit_index((u.name, u) for u in units)
        self.area_by_id = {a.pk: a for a in areas}
        self.unit_by_id = {u.pk: u for u in units}
        self.gender_codes = col.gender_codes()
        self.party_categories = col.party_category_codes()


def _registered(index: NameIndex[T], written: str, column: str, problems: dict[str, str], unknown: str) -> T | None:
    """The one registered object ``written`` names; else None, and in ``problems[column]`` the
    names it could mean, or ``unknown`` (a ``gettext_noop`` message, translated only if needed)."""
    match = index.find(written)
    if match.choices:
        problems[column] = _("“%(name)s”可能指本街道的%(choices)s，请写出其中一个的完整名称。") % {
            "name": written,
            "choices": pgettext("list separator", "、").join(f"“{choice}”" for choice in match.choices),
        }
    elif match.found is None:
        problems[column] = _(unknown) % {"name": written}
    return match.found


def _split_roles(text: str) -> set[str]:
    # Unknown words go through unchanged: person_values reports them.
    return {col.ROLE_OF_WORD.get(word, word) for word in col.ROLE_SEPARATORS.split(text) if word}


@dataclass(slots=True)
class Row:
    """One row as read, before it is merged with a stored person; blank cells are '' / None."""

    row: int
    name: str
    id_number: str
    key: str  # the ID number's blind index, to match a stored person
    gender: str
    phone: str
    area: ResidentialArea | None
    employer: Unit | None
    roles: set[str] | None
    party_category: str
    given: int  # bits of BIT: the optional columns filled in
    problems: dict[str, str]  # column → our own reason (takes precedence over person_values')


def read_row(row: int, cells: Sequence[Cell], positions: dict[str, int], lookups: Lookups) -> Row:
    def get(header: str) -> Cell:
        index = positions.get(header)
        return cells[index] if index is not None and index < len(cells) else ""

    problems: dict[str, str] = {}
    given = 0

    raw_id = get(col.ID_NUMBER)
    id_number = cell_text(raw_id)
    if _is_number(raw_id):
        # Excel keeps 15 significant digits: the last digits are already gone, so never guess them.
        problems[col.ID_NUMBER] = _(
            "身份证号单元格是数字格式，Excel 只保留15位有效数字，末几位可能已经丢失。请把该列设为文本格式后重新输入。"
        )
        id_number = ""
    elif not id_number:
        problems[col.ID_NUMBER] = _("身份证号不能为空。")
    # The form parse_id_number gives a valid number, without checking it twice: an
    # invalid number matches nobody and person_values reports it.
    key = id_number_hash(normalise(id_number).upper()) if id_number else ""

    gender_text = cell_text(get(col.GENDER))
    gender = lookups.gender_codes.get(gender_text, "")
    if gender_text:
        given |= BIT[col.GENDER]
        if not gender:
            problems[col.GENDER] = _("性别应填写“男”或“女”。")

    phone = cell_text(get(col.PHONE))
    if phone:
        given |= BIT[col.PHONE]

    area_name = cell_text(get(col.AREA))
    area = None
    if area_name:
        given |= BIT[col.AREA]
        unknown_area = gettext_noop("本街道没有名为“%(name)s”的居民区。")
        area = _registered(lookups.areas, area_name, col.AREA, problems, unknown_area)

    employer_name = cell_text(get(col.EMPLOYER))
    employer = None
    if employer_name:
        given |= BIT[col.EMPLOYER]
        unknown_unit = gettext_noop("本街道的单位名单中没有“%(name)s”。")
        employer = _registered(lookups.units, employer_name, col.EMPLOYER, problems, unknown_unit)

    roles = _split_roles(cell_text(get(col.ROLES))) or None  # "、" alone is as blank as nothing
    if roles is not None:
        given |= BIT[col.ROLES]

    category_text = cell_text(get(col.PARTY_CATEGORY))
    if category_text:
        given |= BIT[col.PARTY_CATEGORY]

    return Row(
        row=row,
        name=cell_text(get(col.NAME)),
        id_number=id_number,
        key=key,
        gender=gender,
        phone=phone,
        area=area,
        employer=employer,
        roles=roles,
        party_category=lookups.party_categories.get(category_text, category_text),
        given=given,
        problems=problems,
    )
