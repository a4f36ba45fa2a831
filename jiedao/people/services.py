"""Business operations on people. Forms, the API, the roster import and the
demo loader all go through ``person_values`` so a person is validated once,
the same way, wherever it comes from."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from jiedao.accounts.actor import Actor
from jiedao.core import audit, crypto
from jiedao.core.errors import Forbidden
from jiedao.core.models import AuditEntry
from jiedao.core.services import change_detail, withheld_changes
from jiedao.core.validators import parse_id_number, parse_phone
from jiedao.org.models import ResidentialArea, Unit
from jiedao.people.access import can_reveal, ensure_in_scope
from jiedao.people.models import ROLE_FIELDS, Gender, PartyCategory, Person
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
    errors: dict[str, list[str]] = {}
    values: dict[str, Any] = {"subdistrict_id": subdistrict_id}

    name = " ".join((name or "").split())
    if not name:
        errors.setdefault("name", []).append(_("姓名不能为空。"))
    elif len(name) > 64:
        errors.setdefault("name", []).append(_("姓名过长（最多64个字）。"))
    values["name"] = name
    values["search_text"] = search_keys(name)

    try:
        parsed = parse_id_number(id_number)
    except ValidationError as exc:
        errors.setdefault("id_number", []).extend(exc.messages)
    else:
        values.update(
            id_number=parsed.number,
            id_number_hash=id_number_hash(parsed.number),
            birth_date=parsed.birth_date,
            gender=parsed.gender,
        )
        if gender and gender != parsed.gender:
            errors.setdefault("gender", []).append(
                _("性别“%(g)s”与身份证号不符。") % {"g": Gender(gender).label if gender in Gender.values else gender}
            )

    phone = (phone or "").strip()
    if phone:
        try:
            phone = parse_phone(phone)
        except ValidationError as exc:
            errors.setdefault("phone", []).extend(exc.messages)
    values.update(phone=phone, phone_hash=phone_hash(phone))

    for field, obj in (("residential_area", residential_area), ("employer", employer)):
        if obj is not None and obj.subdistrict_id != subdistrict_id:
            errors.setdefault(field, []).append(_("不属于本街道。"))
        values[field] = obj

    unknown = set(roles) - set(ROLE_FIELDS)
    if unknown:
        errors.setdefault("roles", []).append(_("未知身份：%(r)s") % {"r": "、".join(sorted(unknown))})
    for field in ROLE_FIELDS:
        values[field] = field in roles

    if party_category and party_category not in PartyCategory.values:
        errors.setdefault("party_category", []).append(_("党员类别无效。"))
    elif party_category and "is_party_member" not in roles:
        errors.setdefault("party_category", []).append(_("只有党员才能填写党员类别。"))
    values["party_category"] = party_category or ""
    values["party_branch"] = " ".join((party_branch or "").split())
    if len(values["party_branch"]) > 100:
        errors.setdefault("party_branch", []).append(_("党支部名称过长（最多100个字）。"))

    if errors:
        raise ValidationError(errors)
    return values


def _duplicate_error() -> ValidationError:
    return ValidationError({"id_number": [_("该身份证号已登记在本街道的其他人员名下。")]})


@transaction.atomic
def person_create(*, actor: Actor, request: HttpRequest | None = None, **data: Any) -> Person:
    values = person_values(**data)
    if Person.objects.filter(subdistrict_id=values["subdistrict_id"], id_number_hash=values["id_number_hash"]).exists():
        raise _duplicate_error()
    try:
        with transaction.atomic():
            person = Person.objects.create(**values)
    except IntegrityError:  # a concurrent create of the same number won the race
        raise _duplicate_error() from None
    ensure_in_scope(actor, person)
    audit.record(actor=actor, action=AuditEntry.Action.CREATE, obj=person, request=request)
    return person


@transaction.atomic
def person_update(*, actor: Actor, person: Person, request: HttpRequest | None = None, **data: Any) -> Person:
    values = person_values(subdistrict_id=person.subdistrict_id, **data)
    clash = Person.objects.filter(subdistrict_id=person.subdistrict_id, id_number_hash=values["id_number_hash"])
    if clash.exclude(pk=person.pk).exists():
        raise _duplicate_error()
    changed = [field for field, value in values.items() if getattr(person, field) != value and field != "search_text"]
    if not changed:
        return person
    for field, value in values.items():
        setattr(person, field, value)
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError:  # someone else took this ID number a moment ago
        raise _duplicate_error() from None
    ensure_in_scope(actor, person)
    # A person's values never go into the log (offices read it), only which fields changed.
    audit.record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        obj=person,
        request=request,
        detail=change_detail(withheld_changes(f for f in changed if not f.endswith("_hash"))),
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
