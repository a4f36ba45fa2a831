"""The figures of the staff dashboard, derived from the records (never typed in).

Each figure is one or two aggregate queries over what the actor may see, so the
dashboard costs the same few queries whether a sub-district has ten people or
a hundred thousand.
"""

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from jiedao.accounts.actor import Actor
from jiedao.core.charts import Chart
from jiedao.org.access import units_in_scope
from jiedao.org.models import ResidentialArea, Unit
from jiedao.people.access import people_visible_to, sees_party
from jiedao.people.models import ROLE_FIELDS, Person
from jiedao.people.selectors import role_choices

Figure = list[dict[str, Any]]  # [{"name": label, "value": count}, ...]


def people_by_role(people: QuerySet[Person], *, party: bool = True) -> tuple[int, Figure]:
    """The number of people and how many carry each role (one query); the party
    members counted only for someone who may see membership (``access.sees_party``)."""
    counts = people.aggregate(
        total=Count("pk"), **{field: Count("pk", filter=Q(**{field: True})) for field in ROLE_FIELDS}
    )
    figure = [{"name": label, "value": counts[field]} for field, label in role_choices(party=party)]
    return counts["total"], figure


def people_by_area(people: QuerySet[Person]) -> Figure:
    """People per residential area, largest first; people without one last (two queries:
    the counts by area id, then those areas' names. Joining the names into the count let
    PostgreSQL hash every sub-district's areas at city size; this reads only those counted)."""
    counts = dict(people.order_by().values_list("residential_area_id").annotate(n=Count("pk")))
    names = dict(ResidentialArea.objects.filter(pk__in=counts.keys()).values_list("pk", "name"))
    # An area gone between the two reads counts with the people without one.
    unplaced = sum(n for pk, n in counts.items() if not names.get(pk))
    named = sorted(
        ({"name": names[pk], "value": n} for pk, n in counts.items() if names.get(pk)),
        key=lambda item: (-item["value"], item["name"]),
    )
    if unplaced:
        named.append({"name": _("未登记居民区"), "value": unplaced})
    return named


def units_by_kind(units: QuerySet[Unit]) -> Figure:
    """Units per kind, in the order of ``Unit.Kind`` (one query)."""
    counts = {r["kind"]: r["n"] for r in units.order_by().values("kind").annotate(n=Count("pk"))}
    return [{"name": str(kind.label), "value": counts[kind.value]} for kind in Unit.Kind if counts.get(kind.value)]


def area_chart(areas: Figure) -> Chart:
    """People per residential area as a chart with its table (``core.charts``)."""
    return Chart(
        key="dashboard",
        title=_("各居民区人数"),
        kind="bar",
        horizontal=True,
        categories=[item["name"] for item in areas],
        series=[(_("人数"), [item["value"] for item in areas])],
        category_label=_("居民区"),
    )


def dashboard_figures(actor: Actor) -> dict[str, Any]:
    """Everything the dashboard shows, as plain data (the areas also as a chart)."""
    people = people_visible_to(actor)
    total, roles = people_by_role(people, party=sees_party(actor))
    areas = people_by_area(people)
    return {
        "people_total": total,
        "people_by_role": roles,
        "people_by_area": areas,
        "area_chart": area_chart(areas),
        "units_by_kind": units_by_kind(units_in_scope(actor)),
    }
