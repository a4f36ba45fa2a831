"""Statement import: keyed by credit code, all rows or none, every problem with its
row and column, and a statement imported twice changes nothing."""

import datetime as dt
import io
from decimal import Decimal

import pytest
import time_machine

from jiedao.accounts.actor import actor_for
from jiedao.core.errors import Forbidden
from jiedao.dues import services
from jiedao.dues.models import DuesPayment, Statement
from jiedao.dues.tests.conftest import DuesSetup, statement
from jiedao.testing import World


def _rows(w: World) -> list[list[object]]:
    return [
        [w.gongzhi.credit_code, 2019, dt.datetime(2019, 8, 1), 20000.5, "TAX-0001"],
        [w.gongzhi.credit_code, "2019", "2019/09/01", "9999.50", "TAX-0002"],
    ]


def test_a_statement_is_imported_once(world: World, dues: DuesSetup) -> None:
    result = services.statement_import(
        actor=dues.union, source=statement(_rows(world)), file_name="税务.xlsx", channel="tax"
    )
    assert (result.ok, result.rows, result.created, result.unchanged) == (True, 2, 2, 0)
    assert result.statement_id is not None
    paid = sorted(DuesPayment.objects.filter(statement_id=result.statement_id).values_list("amount", flat=True))
    assert paid == [Decimal("9999.50"), Decimal("20000.50")]
    again = services.statement_import(
        actor=dues.union, source=statement(_rows(world)), file_name="税务.xlsx", channel="tax"
    )
    assert (again.ok, again.created, again.unchanged) == (True, 0, 2)
    assert Statement.objects.count() == 1
    assert DuesPayment.objects.count() == 4


def test_every_bad_row_is_reported_and_nothing_is_written(world: World, dues: DuesSetup) -> None:
    rows = [
        *_rows(world),
        ["91310109MA1G5BKX1L", 2019, "2019-08-01", 1, "TAX-0003"],  # wrong check digit
        ["91310109MA1G5BKX1Q", 2019, "2019-08-01", 1, "TAX-0004"],  # valid, not registered here
        [world.gongzhi.credit_code, 2018, "2019-08-01", 1, "TAX-0005"],  # no 2018 assessment
        [world.gongzhi.credit_code, 2019, "8月1日", "1.234", ""],  # date, amount, reference
        [world.gongzhi.credit_code, 2019, "2019-08-01", 1, "TAX-0001"],  # repeated reference
        [world.gongzhi.credit_code, 2019, "2019-08-01", 1, "GZ1"],  # a reference used by another payment
    ]
    result = services.statement_import(actor=dues.union, source=statement(rows), file_name="x.xlsx", channel="tax")
    assert not result.ok
    # Row 2 and 3 are fine; 20000.50 + 9999.50 leave exactly nothing owed.
    assert [(e.row, e.column) for e in result.errors] == [
        (4, "统一社会信用代码"),
        (5, "统一社会信用代码"),
        (6, "年度"),
        (7, "流水号"),
        (7, "缴费日期"),
        (7, "金额"),
        (8, "流水号"),
        (9, "流水号"),
    ]
    assert DuesPayment.objects.count() == 2 and not Statement.objects.exists()


def test_a_statement_may_not_pay_more_than_is_owed(world: World, dues: DuesSetup) -> None:
    rows = [[world.gongzhi.credit_code, 2019, "2019-08-01", "30000.01", "TAX-9"]]
    result = services.statement_import(actor=dues.union, source=statement(rows), file_name="x.xlsx", channel="tax")
    assert [(e.row, e.column) for e in result.errors] == [(2, "金额")]


def test_a_file_without_the_headers_is_refused_as_a_whole(dues: DuesSetup) -> None:
    result = services.statement_import(
        actor=dues.union, source=statement([["x"]], header=["单位", "金额"]), file_name="x.xlsx", channel="tax"
    )
    assert result.errors and result.errors[0].row is None
    header = ["统一社会信用代码", "流水号"]
    result = services.statement_import(
        actor=dues.union, source=statement([], header=header), file_name="x.xlsx", channel="tax"
    )
    assert {e.column for e in result.errors} == {"年度", "缴费日期", "金额"}


def test_not_a_spreadsheet_is_refused(dues: DuesSetup) -> None:
    result = services.statement_import(actor=dues.union, source=io.BytesIO(b"hello"), file_name="x.xlsx", channel="tax")
    assert result.errors and result.errors[0].row is None


def test_only_the_federation_imports(world: World, dues: DuesSetup) -> None:
    rows = [[world.gongzhi.credit_code, 2019, "2019-08-01", 1, "T"]]
    for persona in ("admin", "other_admin"):
        with pytest.raises(Forbidden):
            services.statement_import(
                actor=actor_for(world.users[persona]), source=statement(rows), file_name="x.xlsx", channel="tax"
            )
    assert not DuesPayment.objects.filter(reference="T").exists()


def test_a_refused_row_does_not_count_against_the_rows_after_it(world: World, dues: DuesSetup) -> None:
    # 共志 owes 30 000.00: row 2 asks too much and is refused; row 3 pays exactly what is owed.
    rows = [
        [world.gongzhi.credit_code, 2019, "2019-08-01", "30000.01", "TAX-A"],
        [world.gongzhi.credit_code, 2019, "2019-08-02", "30000.00", "TAX-B"],
    ]
    result = services.statement_import(actor=dues.union, source=statement(rows), file_name="x.xlsx", channel="tax")
    assert [(e.row, e.column) for e in result.errors] == [(2, "金额")]
    rows = rows[1:]
    result = services.statement_import(actor=dues.union, source=statement(rows), file_name="x.xlsx", channel="tax")
    assert (result.ok, result.created) == (True, 1)


@time_machine.travel(dt.datetime(2020, 3, 1, 9, tzinfo=dt.UTC), tick=False)
def test_a_payment_dated_in_the_future_is_refused(world: World, dues: DuesSetup) -> None:
    rows = [
        [world.gongzhi.credit_code, 2019, "2020-03-01", "1.00", "TAX-TODAY"],
        [world.gongzhi.credit_code, 2019, "2020-03-02", "1.00", "TAX-TOMORROW"],
    ]
    result = services.statement_import(actor=dues.union, source=statement(rows), file_name="x.xlsx", channel="tax")
    assert [(e.row, e.column) for e in result.errors] == [(3, "缴费日期")]
    assert "晚于今天" in result.errors[0].message
    assert not DuesPayment.objects.filter(reference__startswith="TAX-T").exists()
