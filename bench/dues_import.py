"""Benchmark: import a 20 000-row payment statement, then the same file again.

    DEBUG=1 .venv/bin/python bench/dues_import.py                     # SQLite (var/bench.sqlite3)
    scripts/with-postgres .venv/bin/python bench/dues_import.py      # PostgreSQL (DATABASE_URL)

Makes a bench sub-district with 5 000 enterprises assessed for 2024 (set-up, not
timed), writes a statement of 20 000 payments (four per enterprise) as an xlsx, and
times ``statement_import`` (the function the page and the API call): a first import
that records every payment, and a second one of the same file that must change
nothing. Prints rows/s and the query count of each. Without DATABASE_URL it uses its
own SQLite file, never the dev database.
"""

import argparse
import datetime as dt
import io
import os
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
(ROOT / "var").mkdir(exist_ok=True)

BENCH_CODE = "310109098"  # a fictional sub-district kept apart from the demo's
YEAR = 2024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=20_000)
    args = parser.parse_args()
    enterprises = args.rows // 4

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from jiedao.accounts.actor import actor_for
    from jiedao.accounts.models import Role, RoleAssignment, User
    from jiedao.core.spreadsheets.writing import XlsxWriter
    from jiedao.core.validators import build_credit_code
    from jiedao.dues import services
    from jiedao.dues.models import DuesAssessment, DuesPayment, DuesYear, Statement
    from jiedao.dues.services.statements import HEADERS
    from jiedao.org.models import Subdistrict, Unit

    call_command("migrate", verbosity=0)
    sd, _ = Subdistrict.objects.get_or_create(
        code=BENCH_CODE, defaults={"name": "经费基准测试街道", "district_name": "虹口区", "district_code": "310109"}
    )
    DuesPayment.objects.filter(subdistrict=sd).delete()
    Statement.objects.filter(subdistrict=sd).delete()
    user, created = User.objects.get_or_create(username="bench-dues-union", defaults={"subdistrict": sd})
    if created:
        RoleAssignment.objects.create(subdistrict=sd, user=user, role=Role.UNION_FEDERATION)
    actor = actor_for(user)
    DuesYear.objects.get_or_create(subdistrict=sd, year=YEAR, defaults={"due_on": dt.date(YEAR, 12, 31)})
    codes = [build_credit_code(f"91310109DUE{i:06d}") for i in range(enterprises)]
    have = set(Unit.objects.filter(subdistrict=sd).values_list("credit_code", flat=True))
    Unit.objects.bulk_create(
        [
            Unit(subdistrict=sd, name=f"经费基准企业{i:05d}有限公司", kind=Unit.Kind.ENTERPRISE, credit_code=code)
            for i, code in enumerate(codes)
            if code not in have
        ],
        batch_size=1000,
    )
    units = dict(Unit.objects.filter(subdistrict=sd, credit_code__in=codes).values_list("credit_code", "pk"))
    assessed = set(DuesAssessment.objects.filter(subdistrict=sd, year=YEAR).values_list("unit_id", flat=True))
    DuesAssessment.objects.bulk_create(
        [
            DuesAssessment(
                subdistrict=sd,
                unit_id=pk,
                year=YEAR,
                channel="tax",
                payroll_base=Decimal("1000000.00"),
                rate=Decimal("0.0200"),
                assessed=Decimal("20000.00"),
                due_on=dt.date(YEAR, 12, 31),
            )
            for pk in units.values()
            if pk not in assessed
        ],
        batch_size=1000,
    )
    book = XlsxWriter()
    sheet = book.sheet("对账单", header=["单位名称", *HEADERS])
    for n in range(args.rows):
        code = codes[n % enterprises]
        quarter = n // enterprises
        sheet.append(
            [
                f"经费基准企业{n % enterprises:05d}有限公司",
                code,
                YEAR,
                f"{YEAR}-{3 * quarter + 1:02d}-15",
                5000.0,
                f"B{n:08d}",
            ]
        )
    content = book.content()
    print(f"{connection.vendor}: {args.rows} rows, {enterprises} enterprises, file {len(content) / 1e6:.1f} MB")
    for label in ("first import", "same file again"):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            result = services.statement_import(
                actor=actor, source=io.BytesIO(content), file_name="bench.xlsx", channel="tax"
            )
            seconds = time.perf_counter() - started
        assert result.ok, result.errors[:5]
        print(
            f"{label}: {seconds:.2f} s, {args.rows / seconds:,.0f} rows/s, created {result.created}, "
            f"unchanged {result.unchanged}, {len(queries.captured_queries)} queries"
        )


if __name__ == "__main__":
    main()
