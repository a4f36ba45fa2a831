import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from jiedao.core.models import AuditEntry
from jiedao.people.models import Person
from jiedao.people.tests.roster_files import li, xlsx, zhang
from jiedao.testing import World, make_area, make_subdistrict


def write(folder: Path, buffer: io.BytesIO, name: str = "名单.xlsx") -> str:
    path = folder / name
    path.write_bytes(buffer.getvalue())
    return str(path)


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_people", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_imports_a_file_into_the_sub_district_named_by_its_code(world: World, tmp_path: Path) -> None:
    out, _ = run(write(tmp_path, xlsx(zhang(), li())), "--subdistrict", "310109016")

    assert "新增 2 人，更新 0 人，未变 0 人" in out
    assert Person.objects.filter(subdistrict=world.liangcheng, name__in=["张伟", "李芳"]).count() == 2
    entry = AuditEntry.objects.get(action=AuditEntry.Action.IMPORT)
    assert entry.actor is None and entry.detail["file"] == "名单.xlsx"


def test_running_it_twice_changes_nothing_the_second_time(world: World, tmp_path: Path) -> None:
    path = write(tmp_path, xlsx(zhang(), li()))
    run(path, "--subdistrict", "310109016")

    out, _ = run(path, "--subdistrict", "310109016")

    assert "新增 0 人，更新 0 人，未变 2 人" in out
    assert AuditEntry.objects.filter(action=AuditEntry.Action.IMPORT).count() == 1


def test_it_keeps_stored_values_for_blank_cells_and_lists_updated_ids_when_verbose(
    world: World, tmp_path: Path
) -> None:
    run(write(tmp_path, xlsx(zhang(), li())), "--subdistrict", "310109016")
    person = Person.objects.get(name="张伟")

    out, _ = run(write(tmp_path, xlsx(zhang(手机号="", 居民区="中虹"))), "--subdistrict", "310109016", "-v", "2")

    assert "更新 1 人" in out and "空白单元格不会清除已登记的信息" in out
    assert f"更新的人员编号：{person.pk}" in out
    person.refresh_from_db()
    assert (person.phone, person.residential_area) == ("13812340001", world.zhonghong)


def test_it_exits_non_zero_listing_every_problem_and_writes_nothing(world: World, tmp_path: Path) -> None:
    path = write(tmp_path, xlsx(zhang(), li(居民区="火星", 身份="求职者、村长")))

    with pytest.raises(CommandError) as failure:
        run(path, "--subdistrict", "310109016")

    assert failure.value.returncode == 1
    assert "2 个问题" in str(failure.value)
    assert not Person.objects.filter(name="张伟").exists()


def test_the_problems_go_to_stderr_with_row_and_column(world: World, tmp_path: Path) -> None:
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_people", write(tmp_path, xlsx(zhang(居民区="火星"))), "--subdistrict", "310109016", stderr=err
        )

    assert err.getvalue().splitlines() == ["第2行\t居民区\t本街道没有名为“火星”的居民区。"]


def test_it_defaults_to_the_only_sub_district(db: None, tmp_path: Path) -> None:
    only = make_subdistrict()
    make_area(only, "秀苑")
    make_area(only, "中虹")

    out, _ = run(write(tmp_path, xlsx(li())))

    assert "新增 1 人" in out
    assert Person.objects.get(name="李芳").subdistrict == only


def test_it_asks_for_the_sub_district_when_there_are_several(world: World, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="--subdistrict"):
        run(write(tmp_path, xlsx(li())))


def test_it_refuses_an_unknown_code_or_a_missing_file(world: World, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="310109999"):
        run(write(tmp_path, xlsx(li())), "--subdistrict", "310109999")
    with pytest.raises(CommandError, match="找不到文件"):
        run(str(tmp_path / "none.xlsx"), "--subdistrict", "310109016")


def test_a_dry_run_writes_nothing(world: World, tmp_path: Path) -> None:
    out, _ = run(write(tmp_path, xlsx(zhang(), li())), "--subdistrict", "310109016", "--dry-run")

    assert "仅检查" in out and "新增 2 人" in out
    assert not Person.objects.filter(name="张伟").exists()
