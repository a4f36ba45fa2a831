"""What a spreadsheet may hold before it is read, and the refusals that say so.

The limits bound what python-calamine allocates for a file: it holds a sheet as
one dense block of 32-byte cells from the first to the last cell used (one cell
far away and the block is rows × columns, so ``max_cells`` bounds it), copies
a shared string into every cell that refers to it (``max_text_bytes``) and
reads every part of an xlsx/ods decompressed (``max_expanded_bytes``). A
100 000-row roster of eight columns uses about a tenth of each.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from jiedao.core.errors import Invalid

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    # The upload limit of the pages; the import command applies it too.
    max_file_bytes: int = 20 * MB
    # Every sheet: the last row and column used (as Excel numbers them, from 1).
    max_rows: int = 200_000
    max_columns: int = 100
    # Rows × columns of every sheet read, added up: 200 000 rows of 20 columns.
    max_cells: int = 4_000_000
    # The text of every cell, a shared string counted once for each cell using it.
    max_text_bytes: int = 100 * MB
    # An xlsx/ods is a zip: its parts, and what they hold once decompressed.
    max_entries: int = 1_000
    max_expanded_bytes: int = 200 * MB
    # Decompressed / compressed size of one part; sheets compress about 15 times.
    # Parts under ``ratio_floor_bytes`` are not held to it (a blank style sheet).
    max_ratio: int = 200
    ratio_floor_bytes: int = 1 * MB


LIMITS = Limits()


class SpreadsheetRefused(Invalid):
    """A file the shared reader will not open, with the reason in Chinese."""

    code = "spreadsheet_refused"


def unreadable() -> SpreadsheetRefused:
    return SpreadsheetRefused(
        _("无法读取该文件：请上传 Excel（.xlsx、.xls）或 WPS/LibreOffice（.ods）表格文件。"), code="unreadable"
    )


def damaged() -> SpreadsheetRefused:
    return SpreadsheetRefused(
        _("文件已损坏或不完整，无法读取。请在 Excel 或 WPS 中打开后重新保存，再上传。"), code="damaged"
    )


def protected() -> SpreadsheetRefused:
    return SpreadsheetRefused(_("文件设有密码，无法读取。请取消密码后重新保存，再上传。"), code="password")


def unsupported_kind() -> SpreadsheetRefused:
    return SpreadsheetRefused(
        _(
            "不支持这种 Excel 格式（Excel 95 及更早的 .xls，或二进制的 .xlsb）。请在 Excel 或 WPS 中另存为 .xlsx 后再上传。"
        ),
        code="unsupported",
    )


def too_big_file(limits: Limits) -> SpreadsheetRefused:
    mb = limits.max_file_bytes // MB
    return SpreadsheetRefused(
        _("文件超过%(mb)d MB，未导入。请把名单拆成几个文件分批导入。") % {"mb": mb}, code="too_large"
    )


def too_many_cells(limits: Limits, *, rows: int, columns: int) -> SpreadsheetRefused:
    message = _(
        "表格过大：用到了第%(rows)d行、第%(columns)d列，最多可读%(max_rows)d行、%(max_columns)d列"
        "（所有工作表合计不超过%(max_cells)d个单元格）。"
        "请删去多余的行和列（包括远处无意中填写的单元格），或把名单拆成几个文件。"
    ) % {
        "rows": rows,
        "columns": columns,
        "max_rows": limits.max_rows,
        "max_columns": limits.max_columns,
        "max_cells": limits.max_cells,
    }
    return SpreadsheetRefused(message, code="too_large", details={"rows": rows, "columns": columns})


def too_much_text(limits: Limits) -> SpreadsheetRefused:
    return SpreadsheetRefused(
        _(
            "表格过大：单元格中的文字合计超过%(mb)d MB，或不同的文字超过%(n)d条。请删去多余的内容，或把名单拆成几个文件。"
        )
        % {"mb": limits.max_text_bytes // MB, "n": limits.max_cells},
        code="too_large",
    )


def too_expanded(limits: Limits) -> SpreadsheetRefused:
    return SpreadsheetRefused(
        _("表格解压后超过%(mb)d MB，无法读取。请删去多余的工作表、图片和格式，或把名单拆成几个文件。")
        % {"mb": limits.max_expanded_bytes // MB},
        code="too_large",
    )


def too_compressed(limits: Limits) -> SpreadsheetRefused:
    return SpreadsheetRefused(
        _("文件中有部件解压后膨胀超过%(ratio)d倍，不像正常的表格文件，未读取。") % {"ratio": limits.max_ratio},
        code="too_large",
    )


def too_many_entries(limits: Limits) -> SpreadsheetRefused:
    return SpreadsheetRefused(
        _("文件由超过%(n)d个部件组成，不像正常的表格文件，未读取。") % {"n": limits.max_entries}, code="too_large"
    )
