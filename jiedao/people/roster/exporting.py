"""Writing roster spreadsheets: the blank import template and the export of a
list of people (masked exactly as on screen)."""

import datetime as dt

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from openpyxl.styles import Font
from openpyxl.utils import quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from jiedao.accounts.actor import Actor
from jiedao.core import audit
from jiedao.core.models import AuditEntry
from jiedao.core.spreadsheets.writing import BOLD, XLSX_CONTENT_TYPE, SheetWriter, Value, XlsxWriter
from jiedao.core.validators import build_id_number, mask_id_number, mask_phone
from jiedao.org.models import ResidentialArea, Unit
from jiedao.people.access import PARTY_AUDIT_TYPE, PARTY_FIELDS, sees_party
from jiedao.people.models import ROLE_FIELDS, Person
from jiedao.people.roster import columns as col

__all__ = ["XLSX_CONTENT_TYPE", "export_row", "roster_export", "roster_template"]

COLUMN_WIDTHS = {
    col.NAME: 12,
    col.GENDER: 6,
    col.ID_NUMBER: 22,
    col.PHONE: 16,
    col.AREA: 14,
    col.EMPLOYER: 36,
    col.ROLES: 24,
    col.PARTY_CATEGORY: 14,
}
TITLE = Font(bold=True, size=14)


def _index(header: str) -> int:
    return col.HEADERS.index(header)


def _roster_sheet(book: XlsxWriter, *, text_columns: tuple[str, ...] = ()) -> SheetWriter:
    return book.sheet(
        _("人员名单"),
        header=col.HEADERS,
        widths={_index(h): width for h, width in COLUMN_WIDTHS.items()},
        text_columns=[_index(h) for h in text_columns],
        freeze_header=True,
    )


def _list_validation(sheet: SheetWriter, header: str, formula: str) -> None:
    validation = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=True)
    validation.error = _("请从下拉列表中选择。")
    sheet.validate(validation, column=_index(header))


def _choices(values: list[str]) -> str:
    """A list validation's inline choices; each is our own fixed word (never user text)."""
    return '"{}"'.format(",".join(values))


def roster_template(*, subdistrict_id: int) -> bytes:
    """The import template: the header row on the first sheet (ID number and
    phone columns formatted as text), instructions and the sub-district's area
    and unit names on the second. The importer reads the first sheet only."""
    book = XlsxWriter()
    # Excel gives a cell typed into a text-formatted column the text type, so
    # an 18-digit ID number keeps every digit.
    sheet = _roster_sheet(book, text_columns=col.TEXT_HEADERS)
    id_length = DataValidation(
        type="textLength", operator="equal", formula1="18", allow_blank=True, showErrorMessage=True
    )
    id_length.error = _("身份证号应为18位。")
    sheet.validate(id_length, column=_index(col.ID_NUMBER))
    _list_validation(sheet, col.GENDER, _choices(list(col.gender_codes())))
    _list_validation(sheet, col.PARTY_CATEGORY, _choices(list(col.party_category_codes())))

    notes = book.sheet(_("填写说明"), widths={0: 40, 1: 40})
    notes.append([_("填写说明")], font=TITLE)
    lines = [
        _("1. 在第一个工作表“人员名单”中从第2行起每行填写一人；第1行表头请勿修改，列的顺序可以调整。"),
        _(
            "2. 必填：姓名、身份证号。身份证号、手机号两列已设为文本格式，请勿改为数字格式（数字格式会丢失身份证号的末几位）。"
        ),
        _("3. 性别可不填（按身份证号确定）；如填写须为“男”或“女”，并与身份证号一致。"),
        _(
            "4. 居民区、工作单位须与下方本街道名单中的名称一致（空格不计；居民区也可写作“××居民区”或“××居委会”）；"
            "名单中没有的，请先在“组织架构”中登记。"
        ),
        _("5. 身份：职工、工会会员、党员、求职者、志愿者中的一个或多个，用“、”或逗号分隔。"),
        _("6. 党员类别：新经济组织、新社会组织、新就业群体，或留空；只有党员才能填写。"),
        _(
            "7. 已登记的人员按身份证号匹配：填写了的单元格会更新登记信息，空白单元格保留已登记的信息，"
            "导入不会清除任何信息；如需清除某项信息，请在该人员的编辑页修改。"
        ),
        _("8. 任何一行有误时，整个文件都不会导入，请按提示修改后重新上传。"),
        "",
        _("示例（请勿填入本工作表）："),
    ]
    for line in lines:
        notes.append([line])
    areas = list(ResidentialArea.objects.filter(subdistrict_id=subdistrict_id).values_list("name", flat=True))
    units = list(Unit.objects.filter(subdistrict_id=subdistrict_id).order_by("name").values_list("name", flat=True))
    notes.append(col.HEADERS)
    example_id = build_id_number("310109", dt.date(1985, 6, 1), 101)
    example: list[Value] = [
        "张三",
        "男",
        example_id,
        "13812345678",
        areas[0] if areas else "",
        units[0] if units else "",
        "职工、工会会员",
        "",
    ]
    notes.append(example)
    notes.append([])
    notes.append([_("本街道居民区"), _("本街道单位")], font=BOLD)
    first = notes.rows + 1
    for index in range(max(len(areas), len(units))):
        notes.append([areas[index] if index < len(areas) else None, units[index] if index < len(units) else None])

    quoted = quote_sheetname(notes.sheet.title)
    if areas:
        _list_validation(sheet, col.AREA, f"{quoted}!$A${first}:$A${first + len(areas) - 1}")
    if units:
        _list_validation(sheet, col.EMPLOYER, f"{quoted}!$B${first}:$B${first + len(units) - 1}")
    return book.content()


def export_row(person: Person, *, party: bool = True) -> list[Value]:
    """One person as the roster columns, masked as on screen (the export is not a back door);
    without party membership (the 党员 word, the category) unless ``party``."""
    hidden = () if party else PARTY_FIELDS
    return [
        person.name,
        col.gender_labels().get(person.gender, ""),
        mask_id_number(person.id_number),
        mask_phone(person.phone),
        person.residential_area.name if person.residential_area else "",
        person.employer.name if person.employer else "",
        "、".join(word for field, word in ROLE_FIELDS.items() if getattr(person, field) and field not in hidden),
        col.party_category_labels().get(person.party_category, "") if party else "",
    ]


def roster_export(
    *, actor: Actor, people: QuerySet[Person], filters: dict[str, str], request: HttpRequest | None = None
) -> bytes:
    """An xlsx of ``people`` (already limited to what the actor may see), audited with the count."""
    book = XlsxWriter()
    sheet = _roster_sheet(book)
    count = 0
    party = sees_party(actor)
    for person in people.select_related("residential_area", "employer").iterator(chunk_size=2000):
        sheet.append(export_row(person, party=party))
        count += 1
    audit.record(
        actor=actor,
        action=AuditEntry.Action.EXPORT,
        # A list of party members, filtered by name and counted, is a party fact.
        object_type=PARTY_AUDIT_TYPE if filters.get("role") in PARTY_FIELDS else Person._meta.label_lower,
        object_repr=_("人员名单（%(n)d人）") % {"n": count},
        subdistrict_id=actor.subdistrict_id,
        detail={"count": count, "filters": {k: v for k, v in filters.items() if v}},
        request=request,
    )
    return book.content()
