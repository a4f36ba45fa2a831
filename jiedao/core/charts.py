"""Figures for a dashboard as plain data: a ``Chart`` (categories and series) or a
``Tile`` (one headline figure). ``templates/includes/chart.html`` turns a chart into an
ECharts canvas (``aria-hidden``: decoration for the sighted) AND an accessible
``<table>`` with the same numbers (caption, ``th scope``), so that a page reads fully
without scripts and to a screen reader; ``static/js/dashboard.js`` draws every chart of
a page from the option embedded with ``json_script`` (no inline script: CSP).

The hook: an app's ``AppConfig`` may define ``dashboard(actor) -> Iterable[Chart | Tile]``
returning the figures of its programme that ``actor`` may see, for the actor's scope
(the staff dashboard, ``jiedao.dashboards``, asks every installed app in
``INSTALLED_APPS`` order). A programme with nothing for the actor yields nothing.

Values are ``int`` or ``Decimal`` (exact, rounded by the programme, e.g. with
``core.numbers.percent``); ``None`` is a withheld figure (a small count suppressed) and
reads as ``hidden`` ("<5"), never as zero. The chart draws a ``Decimal`` as a float:
drawing only; the table shows the exact value.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from django.utils.functional import Promise

Number = int | Decimal
Value = Number | None
Text = str | Promise

# Bars drawn at once; more categories scroll (a zoom bar), the table lists them all.
MAX_BARS = 20
# Categories under a vertical chart before their labels turn.
CROWDED = 8
# The house's red, then colours that stay distinguishable for common colour blindness.
PALETTE = ("#a4161a", "#1d4e89", "#e09f3e", "#2a9d8f", "#6c757d", "#7b2cbf")


def _draw(value: Value) -> float | int | None:
    if value is None:
        return None
    return float(value) if isinstance(value, Decimal) else value


def format_value(value: Value, hidden: Text = "—") -> str:
    """A value as the table shows it: exact (a ``Decimal`` as written), ``hidden`` when withheld."""
    if value is None:
        return str(hidden)
    return str(value)


@dataclass(frozen=True)
class Series:
    name: Text
    values: tuple[Value, ...]


@dataclass(frozen=True)
class Row:
    """One row of a chart's table: the category and its value in each series."""

    category: str
    cells: tuple[str, ...]


@dataclass(frozen=True)
class Chart:
    """A chart of ``categories`` (the x axis, or the slices of a pie) with one value per
    category in each series. ``key`` names it on the page (letters, digits, dashes)."""

    key: str
    title: Text
    kind: Literal["bar", "line", "pie"]
    categories: Sequence[Text]
    series: Sequence[tuple[Text, Sequence[Value]]]
    unit: Text = ""
    note: Text = ""  # e.g. the period: "2026年1–11月"
    category_label: Text = ""  # the heading of the table's first column
    hidden: Text = "—"  # how a withheld value reads ("<5")
    horizontal: bool = False  # bars from the left: long category names stay readable
    stacked: bool = False
    _series: tuple[Series, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.kind not in ("bar", "line", "pie"):
            raise ValueError(f"unknown chart kind {self.kind!r}")
        series = tuple(Series(name, tuple(values)) for name, values in self.series)
        for s in series:
            if len(s.values) != len(self.categories):
                raise ValueError(f"chart {self.key}: series {s.name} has {len(s.values)} values")
        if self.kind == "pie" and len(series) != 1:
            raise ValueError(f"chart {self.key}: a pie has one series")
        object.__setattr__(self, "_series", series)

    @property
    def series_list(self) -> tuple[Series, ...]:
        return self._series

    @property
    def data_id(self) -> str:
        """The id of the ``json_script`` holding the ECharts option."""
        return f"{self.key}-data"

    @property
    def is_empty(self) -> bool:
        """No category, or nothing but zeros: the page says so instead of an empty chart."""
        return not any(v for s in self._series for v in s.values if v is not None) and not any(
            v is None for s in self._series for v in s.values
        )

    @property
    def headers(self) -> list[str]:
        """The table's column headings: the category, then each series (with the unit)."""
        unit = f"（{self.unit}）" if self.unit else ""
        return [str(self.category_label), *(f"{s.name}{unit}" for s in self._series)]

    @property
    def rows(self) -> list[Row]:
        return [
            Row(str(category), tuple(format_value(s.values[i], self.hidden) for s in self._series))
            for i, category in enumerate(self.categories)
        ]

    @property
    def height(self) -> int:
        """Pixels: a horizontal bar chart grows with its categories so labels stay readable."""
        if self.horizontal:
            bars = min(len(self.categories), MAX_BARS)
            return max(240, bars * 28 * max(1, len(self._series)) + 60)
        return 300

    def option(self) -> dict[str, Any]:
        """The ECharts option (JSON-safe: no functions), with ``aria`` on for the canvas."""
        names = [str(c) for c in self.categories]
        base: dict[str, Any] = {
            "aria": {"enabled": True},
            "animation": False,
            "color": list(PALETTE),
            "tooltip": {"trigger": "item" if self.kind == "pie" else "axis"},
        }
        if self.kind == "pie":
            only = self._series[0]
            base["series"] = [
                {
                    "type": "pie",
                    "name": str(only.name),
                    "radius": ["35%", "65%"],
                    "data": [
                        {"name": name, "value": _draw(value)}
                        for name, value in zip(names, only.values, strict=True)
                        if value is not None
                    ],
                    "label": {"formatter": "{b}: {c}"},
                }
            ]
            return base
        categories: dict[str, Any] = {"type": "category", "data": names, "axisLabel": {"interval": 0}}
        if not self.horizontal and len(names) > CROWDED:
            categories["axisLabel"]["rotate"] = 45  # the labels side by side would overlap
        values: dict[str, Any] = {"type": "value", "name": str(self.unit)}
        if self.horizontal:
            categories["inverse"] = True  # the first category at the top, as in the table
        base.update(
            {
                "grid": {"left": 8, "right": 40, "top": 32, "bottom": 8, "containLabel": True},
                "legend": {"show": len(self._series) > 1, "top": 0},
                "xAxis": values if self.horizontal else categories,
                "yAxis": categories if self.horizontal else values,
                "series": [self._axis_series(s) for s in self._series],
            }
        )
        if len(names) > MAX_BARS:
            axis = {"yAxisIndex": 0} if self.horizontal else {"xAxisIndex": 0}
            window = {"startValue": 0, "endValue": MAX_BARS - 1}
            base["dataZoom"] = [{"type": "slider", **axis, **window}, {"type": "inside", **axis, **window}]
            base["grid"]["right" if self.horizontal else "bottom"] = 80 if self.horizontal else 48
        return base

    def _axis_series(self, series: Series) -> dict[str, Any]:
        position = "right" if self.horizontal else "top"
        data: list[Any] = []
        for value in series.values:
            if value is None:  # withheld: labelled, never drawn as a zero bar
                data.append({"value": 0, "label": {"show": True, "position": position, "formatter": str(self.hidden)}})
            else:
                data.append(_draw(value))
        drawn: dict[str, Any] = {
            "type": self.kind,
            "name": str(series.name),
            "data": data,
            "label": {"show": not self.stacked, "position": position},
        }
        if self.stacked:
            drawn["stack"] = "total"
        return drawn


@dataclass(frozen=True)
class Tile:
    """A headline figure: "在册求职人员 12 人", linking to where it comes from."""

    key: str
    label: Text
    value: Value
    unit: Text = ""
    url: str = ""  # a reversed URL (the list the figure counts), or ""
    note: Text = ""
    hidden: Text = "—"

    @property
    def shown(self) -> str:
        return format_value(self.value, self.hidden)


Figure = Chart | Tile


def year_note(year: int, *, to_date: bool = False) -> str:
    """The period of a figure: "2026年", or "2026年（截至今日）" for a year still running."""
    from django.utils.translation import gettext

    if to_date:
        return gettext("%(year)s年（截至今日）") % {"year": year}
    return gettext("%(year)s年") % {"year": year}
