"""Reading one programme's dashboard figures in a test."""

from django.apps import apps

from jiedao.accounts.actor import actor_for
from jiedao.core.charts import Chart, Tile
from jiedao.testing import World


def figures(w: World, app: str, persona: str) -> dict[str, Chart | Tile]:
    """The figures ``persona`` gets from ``app``'s hook, by key."""
    found: dict[str, Chart | Tile] = {}
    for figure in apps.get_app_config(app).dashboard(actor_for(w.users[persona])):  # type: ignore[attr-defined]
        assert isinstance(figure, Chart | Tile)
        found[figure.key] = figure
    return found


def tile(w: World, app: str, persona: str, key: str) -> object:
    figure = figures(w, app, persona)[key]
    assert isinstance(figure, Tile)
    return figure.value


def chart(w: World, app: str, persona: str, key: str) -> dict[str, dict[str, str]]:
    """A chart as its table reads: category → series name → cell."""
    figure = figures(w, app, persona)[key]
    assert isinstance(figure, Chart)
    names = [str(s.name) for s in figure.series_list]
    return {row.category: dict(zip(names, row.cells, strict=True)) for row in figure.rows}
