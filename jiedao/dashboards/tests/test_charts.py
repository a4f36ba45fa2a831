"""The chart data (``jiedao.core.charts``): one source for the canvas and its table."""

from decimal import Decimal

import pytest

from jiedao.core.charts import Chart, Tile


def test_a_chart_gives_the_same_figures_to_its_table_and_its_canvas() -> None:
    chart = Chart(
        key="rates",
        title="结业率",
        kind="bar",
        categories=["甲班", "乙班"],
        series=[("结业率", [Decimal("87.5"), None]), ("取证率", [Decimal("50.0"), Decimal("0.0")])],
        unit="%",
        category_label="培训班",
        hidden="<5",
    )
    assert chart.headers == ["培训班", "结业率（%）", "取证率（%）"]
    assert [(r.category, r.cells) for r in chart.rows] == [("甲班", ("87.5", "50.0")), ("乙班", ("<5", "0.0"))]
    option = chart.option()
    assert option["xAxis"]["data"] == ["甲班", "乙班"] and option["aria"] == {"enabled": True}
    first, second = option["series"]
    assert first["data"][0] == 87.5
    # A withheld value is labelled, never drawn as a zero that reads as one.
    assert first["data"][1]["label"]["formatter"] == "<5"
    assert second["data"] == [50.0, 0.0]
    assert not chart.is_empty and chart.data_id == "rates-data"


def test_a_horizontal_chart_puts_the_categories_on_the_left_in_table_order() -> None:
    chart = Chart(
        key="a", title="t", kind="bar", categories=["秀苑", "中虹"], series=[("人数", [3, 1])], horizontal=True
    )
    option = chart.option()
    assert option["yAxis"]["data"] == ["秀苑", "中虹"] and option["yAxis"]["inverse"] is True
    assert option["xAxis"]["type"] == "value"


def test_a_pie_leaves_out_withheld_slices() -> None:
    chart = Chart(key="p", title="t", kind="pie", categories=["甲", "乙"], series=[("件", [4, None])])
    assert chart.option()["series"][0]["data"] == [{"name": "甲", "value": 4}]
    assert chart.rows[1].cells == ("—",)


def test_zeros_only_make_an_empty_chart_but_a_withheld_value_does_not() -> None:
    assert Chart(key="z", title="t", kind="line", categories=["1月"], series=[("n", [0])]).is_empty
    assert Chart(key="z", title="t", kind="line", categories=[], series=[("n", [])]).is_empty
    assert not Chart(key="z", title="t", kind="line", categories=["1月"], series=[("n", [None])]).is_empty


def test_a_chart_refuses_series_that_do_not_fit() -> None:
    with pytest.raises(ValueError, match="values"):
        Chart(key="x", title="t", kind="bar", categories=["a", "b"], series=[("n", [1])])
    with pytest.raises(ValueError, match="one series"):
        Chart(key="x", title="t", kind="pie", categories=["a"], series=[("n", [1]), ("m", [2])])


def test_a_tile_shows_its_value_exactly() -> None:
    assert Tile("paid", "已缴经费", Decimal("24691.35"), "元").shown == "24691.35"
    assert Tile("cases", "受理案件", None, "件", hidden="<5").shown == "<5"


def test_many_bars_scroll_while_the_table_lists_them_all() -> None:
    names = [f"支部{chr(0x4E00 + i)}" for i in range(30)]
    chart = Chart(key="b", title="t", kind="bar", categories=names, series=[("学时", list(range(30)))], horizontal=True)
    zoom = chart.option()["dataZoom"]
    assert zoom[0] == {"type": "slider", "yAxisIndex": 0, "startValue": 0, "endValue": 19}
    assert len(chart.rows) == 30 and chart.height == 20 * 28 + 60
