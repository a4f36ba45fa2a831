"""Benchmark: import a 100 000-row roster (target ≥ 7 000 rows/s, ≤ 200 MB peak).

    DEBUG=1 .venv/bin/python bench/import_people.py                      # SQLite (var/bench.sqlite3)
    scripts/with-postgres .venv/bin/python bench/import_people.py       # PostgreSQL (DATABASE_URL)

Generates the xlsx with openpyxl in write-only mode, then runs two imports
through ``roster_import`` (the function the command and the upload page use),
each in a fresh child process so its peak RSS is its own: a first import that
creates every person, and a second one of the same file that must change
nothing. Without DATABASE_URL it uses its own SQLite file, never the dev database.
"""

import argparse
import datetime as dt
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

(ROOT / "var").mkdir(exist_ok=True)

BENCH_CODE = "310109099"  # a fictional sub-district kept apart from the demo's
AREAS = [
    "秀苑",
    "中虹",
    "凉城一村",
    "凉城二村",
    "凉城三村",
    "凉城四村",
    "复旦",
    "广灵",
    "锦苑",
    "馨苑",
    "秀苑二",
    "凉城五村",
]
UNITS = [f"基准测试企业{i:02d}有限公司" for i in range(40)]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈乐单"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂兰玉华建国志红跃懿文斌辉鹏宇浩"
ROLE_CHOICES = ["职工", "职工、工会会员", "党员", "求职者", "志愿者", "职工、党员、志愿者", ""]


def setup_django() -> None:
    import django

    django.setup()


def ensure_world() -> int:
    """Migrate, and make the bench sub-district with its areas and units if missing."""
    from django.core.management import call_command

    from jiedao.core.validators import build_credit_code
    from jiedao.org.models import ResidentialArea, Subdistrict, Unit

    call_command("migrate", verbosity=0)
    subdistrict, _ = Subdistrict.objects.get_or_create(
        code=BENCH_CODE, defaults={"name": "基准测试街道", "district_name": "虹口区", "district_code": BENCH_CODE[:6]}
    )
    for name in AREAS:
        ResidentialArea.objects.get_or_create(subdistrict=subdistrict, name=name)
    for i, name in enumerate(UNITS):
        Unit.objects.get_or_create(
            subdistrict=subdistrict,
            name=name,
            defaults={"kind": Unit.Kind.ENTERPRISE, "credit_code": build_credit_code(f"91310109BENCH{i:04d}")},
        )
    return subdistrict.pk


def generate(path: Path, rows: int) -> None:
    """A roster of ``rows`` distinct, well-formed fictional people."""
    from openpyxl import Workbook

    from jiedao.core.validators import build_id_number
    from jiedao.people.roster.columns import HEADERS

    rng = random.Random(2020)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("人员名单")
    sheet.append(list(HEADERS))
    start = dt.date(1950, 1, 1)
    for i in range(rows):
        # Distinct numbers: a birth date per 1 000 rows, the sequence within it.
        birth = start + dt.timedelta(days=i // 1000)
        sequence = i % 1000
        id_number = build_id_number("310109", birth, sequence)
        roles = rng.choice(ROLE_CHOICES)
        category = rng.choice(["新经济组织", "新社会组织", "新就业群体", ""]) if "党员" in roles else ""
        sheet.append(
            [
                rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice((1, 2)))),
                "男" if sequence % 2 else "女",
                id_number,
                f"13{rng.randrange(10**9):09d}",
                rng.choice(AREAS),
                rng.choice(UNITS) if rng.random() < 0.6 else "",
                roles,
                category,
            ]
        )
    workbook.save(path)


def analyze() -> None:
    """Fresh planner statistics, as autovacuum keeps them in a running database: a
    table just emptied or filled by the benchmark must not be mistaken for a tiny one."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE" if connection.vendor != "sqlite" else "ANALYZE main")
    connection.close()


def run_import(path: str, subdistrict_id: int) -> dict[str, float]:
    """One import in this process; returns its figures."""
    from django.conf import settings

    from jiedao.people.roster.importing import roster_import

    # DEBUG=1 only lets the development keys through; with it on, Django would keep
    # every SQL statement in memory, which production does not.
    settings.DEBUG = False
    started, cpu_started = time.perf_counter(), time.process_time()
    result = roster_import(subdistrict_id=subdistrict_id, source=path, file_name=Path(path).name, actor=None)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    if result.errors:
        raise SystemExit(f"import failed: {result.errors[:5]}")
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    return {
        "rows": result.rows,
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "seconds": elapsed,
        "cpu_seconds": cpu,
        "rows_per_s": result.rows / elapsed,
        "peak_mb": peak_kib / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--child", metavar="FILE", help=argparse.SUPPRESS)
    args = parser.parse_args()
    setup_django()
    from django.db import connection

    if args.child:
        from jiedao.org.models import Subdistrict

        print(json.dumps(run_import(args.child, Subdistrict.objects.get(code=BENCH_CODE).pk)))
        return

    from jiedao.people.models import Person

    subdistrict_id = ensure_world()
    deleted, _ = Person.objects.filter(subdistrict_id=subdistrict_id).delete()
    analyze()
    print(f"database: {connection.vendor}; removed {deleted} people of an earlier run")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"roster-{args.rows}.xlsx"
        started = time.perf_counter()
        generate(path, args.rows)
        size_mb = path.stat().st_size / 1e6
        print(f"generated {args.rows} rows ({size_mb:.1f} MB) in {time.perf_counter() - started:.1f} s")
        for label in ("first import (creates)", "same file again (no change)"):
            child = subprocess.run(
                [sys.executable, __file__, "--child", str(path)], check=True, capture_output=True, text=True
            )
            figures = json.loads(child.stdout.strip().splitlines()[-1])
            analyze()
            print(
                f"{label}: {figures['rows']:.0f} rows in {figures['seconds']:.1f} s "
                f"(CPU of this process {figures['cpu_seconds']:.1f} s) = "
                f"{figures['rows_per_s']:,.0f} rows/s, peak RSS {figures['peak_mb']:.0f} MB "
                f"(created {figures['created']:.0f}, updated {figures['updated']:.0f}, "
                f"unchanged {figures['unchanged']:.0f})"
            )


if __name__ == "__main__":
    main()
