"""Gathering the programmes' figures (``dashboards.figures.sections_for``)."""

from collections.abc import Iterable
from types import SimpleNamespace

import pytest
from django.apps import apps

from jiedao.accounts.actor import ANONYMOUS, Actor
from jiedao.core.charts import Chart, Tile
from jiedao.dashboards.figures import sections_for


def config(label: str, figures: list[object]) -> SimpleNamespace:
    def dashboard(actor: Actor) -> Iterable[object]:
        return figures

    return SimpleNamespace(label=label, verbose_name=label.upper(), dashboard=dashboard)


def test_sections_keep_the_app_order_prefix_the_keys_and_skip_the_silent(monkeypatch: pytest.MonkeyPatch) -> None:
    chart = Chart(key="months", title="t", kind="bar", categories=["1月"], series=[("n", [1])])
    configs = [config("first", [Tile("n", "数", 1), chart]), config("silent", []), SimpleNamespace(label="plain")]
    monkeypatch.setattr(apps, "get_app_configs", lambda: configs)
    (section,) = sections_for(ANONYMOUS)
    assert (section.label, section.title) == ("first", "FIRST")
    assert [t.key for t in section.tiles] == ["first-n"] and [c.key for c in section.charts] == ["first-months"]
    assert section.charts[0].data_id == "first-months-data" and section.charts[0].rows == chart.rows


def test_a_hook_yielding_anything_else_is_a_programming_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(apps, "get_app_configs", lambda: [config("wrong", [{"value": 1}])])
    with pytest.raises(TypeError, match=r"wrong\.dashboard"):
        sections_for(ANONYMOUS)
