"""The staff dashboard's figures: what every programme's ``AppConfig.dashboard(actor)``
hook yields (``jiedao.core.charts``), gathered in ``INSTALLED_APPS`` order, one
section per programme with something for the actor. The programmes decide who sees
what and for which scope; this module names none of them."""

from dataclasses import dataclass, field, replace

from django.apps import apps

from jiedao.accounts.actor import Actor
from jiedao.core.charts import Chart, Tile


@dataclass
class Section:
    """One programme's figures on the dashboard."""

    label: str  # the app label, e.g. "unions"
    title: str  # the programme's name
    tiles: list[Tile] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)


def sections_for(actor: Actor) -> list[Section]:
    """Every programme's figures for ``actor``; chart and tile keys made unique on the
    page by the app label (``unions-coverage``)."""
    sections = []
    for config in apps.get_app_configs():
        hook = getattr(config, "dashboard", None)
        if hook is None:
            continue
        section = Section(config.label, str(config.verbose_name))
        for figure in hook(actor):
            if isinstance(figure, Chart):
                section.charts.append(replace(figure, key=f"{config.label}-{figure.key}"))
            elif isinstance(figure, Tile):
                section.tiles.append(replace(figure, key=f"{config.label}-{figure.key}"))
            else:
                raise TypeError(f"{config.label}.dashboard() yielded {figure!r}, not a Chart or a Tile")
        if section.tiles or section.charts:
            sections.append(section)
    return sections
