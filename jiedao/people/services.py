"""Business operations on people. Forms, the API, the roster import and the
demo loader all go through ``person_values`` so a person is validated once,
the same way, wherever it comes from."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from jiedao.accounts.actor import Actor
from jiedao.core import audit, crypto
from jiedao.core.errors import Forbidden
from jiedao.core.models import AuditEntry
from jiedao.core.services import change_detail, clean_text, new_errors, raise_if, withheld_changes
from jiedao.core.validators import parse_id_number, parse_phone
from jiedao.org.models import ResidentialArea, Unit
from jiedao.people.access import PARTY_AUDIT_TYPE, PARTY_FIELDS, can_reveal, ensure_in_scope
from jiedao.people.id_numbers import check_probe_limit, refuse_registered
from jiedao.people.models import ROLE_FIELDS, Gender, PartyCategory, Person
from jiedao.people.names import clean_name
from jiedao.people.pinyin import search_keys

SENSITIVE_FIELDS = ("id_number", "phone")


def id_number_hash(number: str) -> str:
    return crypto.blind_index(number, purpose="id_number")


def phone_hash(number: str) -> str:
    return crypto.blind_index(number, purpose="phone") if number else ""


def person_values(
    *,
    subdistrict_id: int,
    name: str,
    id_number: str,
    gender: str = "",
    phone: str = "",
    residential_area: ResidentialArea | None = None,
    employer: Unit | None = None,
    roles: set[str] | frozenset[str] = frozenset(),
    party_category: str = "",
    party_branch: str = "",
) -> dict[str, Any]:
    """Validate one person's input; returns model field values or raises a
    ``ValidationError`` keyed by field with every problem found."""
    errors = new_errors()
    values: dict[str, Any] = {"subdistrict_id": subdistrict_id}

    values["name"] = name = clean_name(errors, "name", name)
    values["search_text"] = search_keys(name)

    try:
        parsed = parse_id_number(id_number)
    except ValidationError as exc:
        errors["id_number"].extend(exc.messages)
    else:
        values.update(
            id_number=parsed.number,
            id_number_hash=id_number_hash(parsed.number),
            birth_date=parsed.birth_date,
            gender=parsed.gender,
        )
        if gender and gender != parsed.gender:
            errors["gender"].append(
                _("性别“%(g)s”与身份证号不符。") % {"g": Gender(gender).label if gender in Gender.values else gender}
            )

    phone = (phone or "").strip()
    if phone:
        try:
            phone = parse_phone(phone)
        except ValidationError as exc:
            errors["phone"].extend(exc.messages)
    values.update(phone=phone, phone_hash=phone_hash(phone))

    for field, obj in (("residential_area", residential_area), ("employer", employer)):
        if obj is not None and obj.subdistrict_id != subdistrict_id:
            errors[field].append(_("不属于本街道。"))
        values[field] = obj

    unknown = set(roles) - set(ROLE_FIELDS)
    if unknown:
        errors["roles"].append(_("未知身份：%(r)s") % {"r": "、".join(sorted(unknown))})
    for field in ROLE_FIELDS:
        values[field] = field in roles

    if party_category and party_category not in PartyCategory.values:
        errors["party_category"].append(_("党员类别无效。"))
    elif party_category and "is_party_member" not in roles:
        errors["party_category"].append(_("只有党员才能填写党员类别。"))
    values["party_category"] = party_category or ""
    values["party_branch"] = clean_text(errors, "party_branch", party_branch, max_length=100)

    raise_if(errors)
    return values


def person_create(*, actor: Actor, request: HttpRequest | None = None, **data: Any) -> Person:
    """A new person (the arguments of ``person_values``). A number registered already
    is refused in words that depend on whether the actor sees its holder
    (``id_numbers``); checked before the write's transaction, so that the audit
    entry of a refusal is kept."""
    check_probe_limit(actor)
    values = person_values(**data)
    taken = {"subdistrict_id": values["subdistrict_id"], "id_number_hash": values["id_number_hash"]}
    refuse_registered(actor, **taken, request=request)
    try:
        return _insert(actor=actor, values=values, request=request)
    except IntegrityError:  # a concurrent create of the same number won the race
        refuse_registered(actor, **taken, request=request)
        raise


@transaction.atomic
def _insert(*, actor: Actor, values: dict[str, Any], request: HttpRequest | None) -> Person:
    person = Person.objects.create(**values)
    ensure_in_scope(actor, person)
    audit.record(actor=actor, action=AuditEntry.Action.CREATE, obj=person, request=request)
    return person


def person_update(*, actor: Actor, person: Person, request: HttpRequest | None = None, **data: Any) -> Person:
    """Save ``person`` with new values (the arguments of ``person_values``); a new ID
    number is checked as on create (``id_numbers``)."""
    values = person_values(subdistrict_id=person.subdistrict_id, **data)
    new_number = values["id_number_hash"] != person.id_number_hash
    taken = {"subdistrict_id": person.subdistrict_id, "id_number_hash": values["id_number_hash"], "editing": person}
    if new_number:
        check_probe_limit(actor)
        refuse_registered(actor, **taken, request=request)
    changed = [field for field, value in values.items() if getattr(person, field) != value and field != "search_text"]
    if not changed:
        return person
    try:
        return _save(actor=actor, person=person, values=values, changed=changed, request=request)
    except IntegrityError:  # someone else took this ID number a moment ago
        refuse_registered(actor, **taken, request=request)
        raise


@transaction.atomic
def _save(
    *, actor: Actor, person: Person, values: dict[str, Any], changed: list[str], request: HttpRequest | None
) -> Person:
    for field, value in values.items():
        setattr(person, field, value)
    person.save()
    ensure_in_scope(actor, person)
    # A person's values never go into the log (offices read it), only which fields
    # changed; that the party fields changed is itself for the party roles only.
    fields = [f for f in changed if not f.endswith("_hash")]
    for object_type, names in (
        (Person._meta.label_lower, [f for f in fields if f not in PARTY_FIELDS]),
        (PARTY_AUDIT_TYPE, [f for f in fields if f in PARTY_FIELDS]),
    ):
        if names:
            audit.record(
                actor=actor,
                action=AuditEntry.Action.UPDATE,
                obj=person,
                object_type=object_type,
                request=request,
                detail=change_detail(withheld_changes(names)),
            )
    return person


def person_reveal(*, actor: Actor, person: Person, field: str, request: HttpRequest | None = None) -> str:
    """The full value of a sensitive field, for a role allowed to see it; audited."""
    if field not in SENSITIVE_FIELDS:
        raise ValueError(field)
    if not can_reveal(actor):
        raise Forbidden(_("您无权查看完整的敏感信息。"))
    audit.record(actor=actor, action=AuditEntry.Action.REVEAL, obj=person, request=request, detail={"field": field})
    return str(getattr(person, field))


@transaction.atomic
def person_set_role(
    *, actor: Actor, person: Person, role: str, value: bool, request: HttpRequest | None = None
) -> bool:
    """Set or clear one role flag of ``person`` (a key of ``ROLE_FIELDS``: a programme
    that owns the fact behind a flag — employment's 求职登记 for ``is_job_seeker`` —
    keeps it true through this one way). The caller's service has decided that the
    actor may; the write is conditional (a concurrent change is not lost) and audited
    like every change of a person, values withheld. Returns whether anything changed."""
    if role not in ROLE_FIELDS:
        raise ValueError(role)
    now = timezone.now()
    changed = Person.objects.filter(pk=person.pk).exclude(**{role: value}).update(**{role: value, "updated_at": now})
    setattr(person, role, value)
    if not changed:
        return False
    audit.record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        obj=person,
        object_type=PARTY_AUDIT_TYPE if role in PARTY_FIELDS else "",
        request=request,
        detail=change_detail(withheld_changes([role])),
    )
    return True
