"""Reads of people that need care. The list page, the export and the API share
``people_search`` so a query string finds the same people everywhere."""

import re

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q, QuerySet

from jiedao.people.models import ROLE_FIELDS, Person
from jiedao.people.services import id_number_hash

# The shape of a full resident ID number; anything else is searched as a name.
ID_NUMBER_SHAPE = re.compile(r"^[0-9]{17}[0-9X]$")


def people_search(
    qs: QuerySet[Person],
    *,
    q: str = "",
    area_id: int | None = None,
    role: str = "",
) -> QuerySet[Person]:
    """Narrow ``qs`` (already scoped by ``people_visible_to``) by a search text,
    a residential area and a role flag (a key of ``ROLE_FIELDS``), sorted by name.

    ``q`` matches a full 18-character ID number exactly (through its keyed hash,
    the number itself is encrypted), otherwise a part of the name or of its
    pinyin readings, full (``leyueming``) or initials (``lym``).
    """
    q = "".join((q or "").split())
    if q:
        if ID_NUMBER_SHAPE.match(q.upper()):
            qs = qs.filter(id_number_hash=id_number_hash(q.upper()))
        else:
            qs = qs.filter(Q(name__contains=q) | Q(search_text__contains=q.lower()))
    if area_id is not None:
        qs = qs.filter(residential_area_id=area_id)
    if role:
        if role not in ROLE_FIELDS:
            raise ValueError(role)
        qs = qs.filter(**{role: True})
    return qs.order_by("name", "id")


def people_page_rows(qs: QuerySet[Person]) -> QuerySet[Person]:
    """What a list row shows, fetched in the same query as the row."""
    return qs.select_related("residential_area", "employer")


def field_label(name: str) -> str:
    """The translated label of a ``Person`` field (e.g. a role flag); the name if there is none."""
    try:
        field = Person._meta.get_field(name)
    except FieldDoesNotExist:
        return name
    return str(getattr(field, "verbose_name", name))


def role_choices() -> list[tuple[str, str]]:
    """The role flags with their labels, in roster order (for filters and forms)."""
    return [(field, field_label(field)) for field in ROLE_FIELDS]
