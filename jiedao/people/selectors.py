"""Reads of people that need care. The list page, the export and the API share
``people_search`` so a query string finds the same people everywhere.

A search text travels in URLs (browser history, the export link, access logs),
so it is for names only. A full ID number is looked up through
``person_by_id_number``, which pages and the API reach by POST."""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import Q, QuerySet

from jiedao.accounts.actor import Actor
from jiedao.core.models import AuditEntry
from jiedao.core.validators import parse_id_number
from jiedao.people.access import PARTY_AUDIT_TYPE, PARTY_FIELDS, PARTY_LABEL, people_visible_to, sees_party
from jiedao.people.models import ROLE_FIELDS, Person
from jiedao.people.services import id_number_hash

# The shape of a full resident ID number.
ID_NUMBER_SHAPE = re.compile(r"^[0-9]{17}[0-9X]$")
# Names and their pinyin never hold a digit; a search text that does is (part of)
# an ID number or a phone number, which must not be searched through a URL.
# ``\d`` on a str pattern is any Unicode digit: full-width ３１０ too.
_DIGIT = re.compile(r"\d")


def holds_a_number(q: str) -> bool:
    """Whether a search text holds digits: a number, which ``people_search`` refuses."""
    return bool(_DIGIT.search(q or ""))


def people_search(
    qs: QuerySet[Person],
    *,
    q: str = "",
    area_id: int | None = None,
    role: str = "",
) -> QuerySet[Person]:
    """Narrow ``qs`` (already scoped by ``people_visible_to``) by a search text,
    a residential area and a role flag (a key of ``ROLE_FIELDS``), sorted by name.

    ``q`` matches a part of the name or of its pinyin readings, full
    (``leyueming``) or initials (``lym``). It never matches numbers: callers
    check ``holds_a_number`` first (a text with digits raises ``ValueError``).
    """
    q = "".join((q or "").split())
    if q:
        if holds_a_number(q):
            raise ValueError("a search text holding a number")
        qs = qs.filter(Q(name__contains=q) | Q(search_text__contains=q.lower()))
    if area_id is not None:
        qs = qs.filter(residential_area_id=area_id)
    if role:
        if role not in ROLE_FIELDS:
            raise ValueError(role)
        qs = qs.filter(**{role: True})
    return qs.order_by("name", "id")


def person_by_id_number(actor: Actor, id_number: str) -> Person | None:
    """The person with this full ID number among those ``actor`` may see, else
    ``None`` (someone out of scope is not found, like someone not registered).
    Raises a ``ValidationError`` on ``id_number`` for a malformed number."""
    try:
        parsed = parse_id_number(id_number)
    except ValidationError as exc:
        raise ValidationError({"id_number": exc.messages}) from None
    return (
        people_visible_to(actor)
        .select_related("residential_area", "employer")
        .filter(id_number_hash=id_number_hash(parsed.number))
        .first()
    )


def people_in_order(actor: Actor, pks: list[int]) -> list[Person]:
    """The people ``pks`` the actor may see (names only), in the order given."""
    by_pk = {person.pk: person for person in people_visible_to(actor).filter(pk__in=pks).only("pk", "name")}
    return [by_pk[pk] for pk in pks if pk in by_pk]


def people_page_rows(qs: QuerySet[Person]) -> QuerySet[Person]:
    """What a list row shows, fetched in the same query as the row."""
    return qs.select_related("residential_area", "employer")


def shown_roles(people: Iterable[Person], *, party: bool) -> None:
    """Give each person ``shown_role_labels``: their role words, without 党员 for a
    reader who may not see party membership (``access.sees_party``)."""
    for person in people:
        person.shown_role_labels = [  # type: ignore[attr-defined]
            label for label in person.role_labels if party or label != PARTY_LABEL
        ]


def field_label(name: str) -> str:
    """The translated label of a ``Person`` field (e.g. a role flag); the name if there is none."""
    try:
        field = Person._meta.get_field(name)
    except FieldDoesNotExist:
        return name
    return str(getattr(field, "verbose_name", name))


def role_choices(*, party: bool = True) -> list[tuple[str, str]]:
    """The role flags with their labels, in roster order (for filters and forms);
    without the party flag for someone who may not see it (``access.sees_party``)."""
    return [(field, field_label(field)) for field in ROLE_FIELDS if party or field not in PARTY_FIELDS]


@dataclass(frozen=True)
class AuditLine:
    entry: AuditEntry
    fields: list[str]  # the labels of the fields the entry names


def audit_history(actor: Actor, person: Person, limit: int = 20) -> list[AuditLine] | None:
    """The latest audit entries about ``person``, newest first (one query), or
    ``None`` for an actor who does not read the audit log (only the offices do).
    ``person`` comes from ``person_for_actor``: the caller may see it."""
    if not actor.is_office or actor.subdistrict_id != person.subdistrict_id:
        return None
    party = sees_party(actor, person)
    types = [Person._meta.label_lower, PARTY_AUDIT_TYPE] if party else [Person._meta.label_lower]
    entries = AuditEntry.objects.filter(
        subdistrict_id=person.subdistrict_id, object_type__in=types, object_id=str(person.pk)
    )[:limit]
    hidden = () if party else PARTY_FIELDS  # not even that they changed (entries written before the split)
    lines = [AuditLine(entry, _field_labels(entry, hidden)) for entry in entries]
    return [line for line in lines if line.fields or not line.entry.detail.get("changes")]


def _field_labels(entry: AuditEntry, hidden: tuple[str, ...] = ()) -> list[str]:
    """The changed or revealed fields of an audit entry, by their labels."""
    names = list(entry.detail.get("changes") or ()) or ([entry.detail["field"]] if entry.detail.get("field") else [])
    return [field_label(str(name)) for name in names if name not in hidden]
