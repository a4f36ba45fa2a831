from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from jiedao.org.models import Subdistrict
from jiedao.people.roster.importing import roster_import
from jiedao.people.roster.problems import RowError


def _subdistrict(code: str | None) -> Subdistrict:
    """By its 9-digit code; without one, the only sub-district there is."""
    if code:
        found = Subdistrict.objects.filter(code=code).first()
        if found is None:
            raise CommandError(_("没有区划代码为 %(code)s 的街道。") % {"code": code})
        return found
    only = list(Subdistrict.objects.all()[:2])
    if len(only) != 1:
        raise CommandError(
            _("请用 --subdistrict 指定街道的9位区划代码（现有 %(n)d 个街道）。") % {"n": Subdistrict.objects.count()}
        )
    return only[0]


def describe(error: RowError) -> str:
    where = _("第%(row)d行") % {"row": error.row} if error.row else _("文件")
    return f"{where}\t{error.column or '—'}\t{error.message}"


class Command(BaseCommand):
    help = (
        "Import a roster (xlsx, xls or ods; a header row 姓名, 身份证号, … within the first 10 rows) into a "
        "sub-district: every row or none. For people already registered, blank cells keep the stored values."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the roster file (.xlsx, .xls or .ods)")
        parser.add_argument("--subdistrict", metavar="CODE", help="9-digit division code; default: the only one")
        parser.add_argument("--dry-run", action="store_true", help="check the file and count, write nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("找不到文件：%(path)s") % {"path": path})
        subdistrict = _subdistrict(options["subdistrict"])
        result = roster_import(
            subdistrict_id=subdistrict.pk, source=str(path), file_name=path.name, actor=None, dry_run=options["dry_run"]
        )
        if not result.ok:
            for error in result.errors:
                self.stderr.write(describe(error))
            raise CommandError(_("未导入任何数据：共 %(n)d 个问题（见上）。") % {"n": len(result.errors)})
        summary = _(
            "%(subdistrict)s：共 %(rows)d 人，新增 %(created)d 人，更新 %(updated)d 人，未变 %(unchanged)d 人。"
        ) % {
            "subdistrict": subdistrict.name,
            "rows": result.rows,
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
        }
        if result.dry_run:
            summary = _("仅检查，未写入。") + summary
        self.stdout.write(self.style.SUCCESS(summary))
        self.stdout.write(_("空白单元格不会清除已登记的信息；如需清除某项信息，请在该人员的编辑页修改。"))
        if result.updated_ids and options["verbosity"] >= 2:
            listed = ", ".join(str(pk) for pk in result.updated_ids)
            more = "…" if len(result.updated_ids) < result.updated else ""
            self.stdout.write(_("更新的人员编号：%(ids)s") % {"ids": listed + more})
