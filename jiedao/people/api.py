"""The people registry over the API: list, look up, read, create, update, reveal.

Scope comes from ``people.access`` and validation from ``services.person_values``,
the same functions the pages use. ID numbers and phones leave the server masked;
the full value only through ``reveal``, one field of one person at a time, audited.
Nor does a full ID number go into a URL: the list's ``q`` searches names only, and
``POST /people/lookup`` finds a person by number.

``GET /people/{id}`` is ``signed_in``: the scope rules already narrow a resident
to their own record, so a resident's app can read it the same way staff do.
"""

import datetime as dt
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from pydantic import BaseModel

from jiedao.accounts.actor import Actor
from jiedao.accounts.policy import request_actor, signed_in, staff
from jiedao.api.pagination import Page, PageQuery, paginate
from jiedao.api.refs import Ref, pick
from jiedao.api.responses import refuses
from jiedao.api.types import Id
from jiedao.core.errors import TooMany
from jiedao.org.access import areas_visible_to, units_visible_to
from jiedao.org.models import ResidentialArea, Unit
from jiedao.people.access import (
    BROWSE_ROLES,
    EDIT_ROLES,
    PARTY_FIELDS,
    REVEAL_ROLES,
    keep_party,
    people_visible_to,
    person_for_actor,
    sees_party,
)
from jiedao.people.models import ROLE_FIELDS, Person
from jiedao.people.selectors import holds_a_number, people_page_rows, people_search, person_by_id_number
from jiedao.people.services import person_create, person_reveal, person_update, person_values

router = Router(tags=["people"])


# Output models are plain pydantic models filled from dicts (``_row``): ninja's
# ``Schema`` reads a model instance attribute by attribute through a wrapper,
# which made up half the time of a list request.


class PersonOut(BaseModel):
    id: int
    name: str
    gender: str
    birth_date: dt.date
    id_number_masked: str
    phone_masked: str
    residential_area: Ref | None
    employer: Ref | None
    roles: list[str] = Field(description="身份代码，如 is_worker、is_party_member")
    party_category: str


class PersonDetailOut(PersonOut):
    party_branch: str
    created_at: dt.datetime
    updated_at: dt.datetime


class PersonFilters(PageQuery):
    q: str = Field("", max_length=64, description="姓名、拼音或首字母（不查身份证号，请用 POST /people/lookup）")
    residential_area: Id | None = None
    role: str = Field("", description="身份代码，如 is_worker")


class LookupIn(Schema):
    id_number: str = Field(max_length=32, description="完整的18位身份证号")


class PersonIn(Schema):
    """The fields of the person form. Foreign keys are ids in the caller's sub-district."""

    name: str
    gender: str = ""
    id_number: str
    phone: str = ""
    residential_area: Id | None = None
    employer: Id | None = None
    roles: list[str] = Field(default_factory=list)
    party_category: str = ""
    party_branch: str = ""


class PersonUpdateIn(PersonIn):
    """As on the edit page: the client only holds masked numbers, so an omitted
    (or null) ``id_number`` or ``phone`` keeps the stored one; ``phone: ""`` clears it."""

    id_number: str | None = None  # type: ignore[assignment]
    phone: str | None = None  # type: ignore[assignment]


class RevealIn(Schema):
    field: Literal["id_number", "phone"]


class RevealOut(Schema):
    value: str


def _service_arguments(actor: Actor, payload: PersonIn, person: Person | None = None) -> dict[str, Any]:
    """The payload as keyword arguments of ``person_create`` / ``person_update``;
    raises a ``ValidationError`` with every problem, foreign ids included."""
    errors: dict[str, list[str]] = {}
    party = sees_party(actor, person)
    if not party:
        # Someone who may not see party membership may not write it either: what
        # they send of it is refused, and what is stored is kept (their client
        # never received it, so it sends it back empty).
        sent = [f for f in ("party_category", "party_branch") if getattr(payload, f)]
        sent += ["roles"] if "is_party_member" in payload.roles else []
        for field in sent:
            errors[field] = [_("您无权填写党员信息。")]
    data: dict[str, Any] = {
        "name": payload.name,
        "gender": payload.gender,
        "id_number": payload.id_number if payload.id_number is not None else getattr(person, "id_number", ""),
        "phone": payload.phone if payload.phone is not None else getattr(person, "phone", ""),
        "roles": set(payload.roles),
        "party_category": payload.party_category,
        "party_branch": payload.party_branch,
    }
    if not party:
        data["roles"], kept = keep_party(data["roles"], person)
        data |= kept
    refs = (
        ("residential_area", areas_visible_to(actor), payload.residential_area),
        ("employer", units_visible_to(actor), payload.employer),
    )
    for field, choices, pk in refs:
        try:
            data[field] = pick(choices, pk, field)
        except ValidationError as exc:  # reported together with the other fields' problems
            data[field] = None
            errors.update(exc.message_dict)
    if errors:
        assert actor.subdistrict_id is not None  # staff() guarantees a sub-district
        try:  # report the other fields' problems too, in one answer
            person_values(subdistrict_id=actor.subdistrict_id, **data)
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                errors.setdefault(field, []).extend(messages)
        raise ValidationError(errors)
    return data


# Columns a list row never shows (the pinyin readings are the longest of all).
LIST_DEFERRED = ("search_text", "id_number_hash", "phone_hash", "party_branch", "created_at", "updated_at")


def _ref(obj: ResidentialArea | Unit | None) -> dict[str, Any] | None:
    return {"id": obj.pk, "name": obj.name} if obj is not None else None


def _row(person: Person, party: bool) -> dict[str, Any]:
    """A list item: masked numbers only; party membership only for a caller who may
    see it (``access.sees_party``: else no 党员 flag, an empty category)."""
    return {
        "id": person.pk,
        "name": person.name,
        "gender": person.gender,
        "birth_date": person.birth_date,
        "id_number_masked": person.id_number_masked,
        "phone_masked": person.phone_masked,
        "residential_area": _ref(person.residential_area),
        "employer": _ref(person.employer),
        "roles": [f for f in ROLE_FIELDS if getattr(person, f) and (party or f not in PARTY_FIELDS)],
        "party_category": person.party_category if party else "",
    }


def _detail(actor: Actor, person: Person) -> dict[str, Any]:
    party = sees_party(actor, person)
    return {
        **_row(person, party),
        "party_branch": person.party_branch if party else "",
        "created_at": person.created_at,
        "updated_at": person.updated_at,
    }


@router.get("", response=Page[PersonOut], summary="人员列表")
@staff(*BROWSE_ROLES)
@refuses(ValidationError)
def list_people(request: HttpRequest, filters: Query[PersonFilters]) -> dict[str, Any]:
    actor = request_actor(request)
    party = sees_party(actor)
    if filters.role and (filters.role not in ROLE_FIELDS or (filters.role in PARTY_FIELDS and not party)):
        raise ValidationError({"role": [_("未知身份：%(r)s") % {"r": filters.role}]})
    if holds_a_number(filters.q):
        raise ValidationError({"q": [_("搜索只查姓名、拼音或首字母；按身份证号查找请用 POST /api/v1/people/lookup。")]})
    qs = people_search(
        people_visible_to(actor),
        q=filters.q,
        area_id=filters.residential_area,
        role=filters.role,
    )
    page = paginate(people_page_rows(qs).defer(*LIST_DEFERRED), filters)
    page["items"] = [_row(person, party) for person in page["items"]]
    return page


@router.post("/lookup", response=PersonDetailOut, summary="按身份证号查找人员")
@staff(*BROWSE_ROLES)
@refuses(Http404)
def lookup_person(request: HttpRequest, payload: LookupIn) -> dict[str, Any]:
    """The person with this full ID number, if the caller may see them; else 404,
    the same for someone out of scope as for someone not registered."""
    actor = request_actor(request)
    person = person_by_id_number(actor, payload.id_number)
    if person is None:
        raise Http404
    return _detail(actor, person)


@router.get("/{int:person_id}", response=PersonDetailOut, summary="人员详情")
@signed_in
def get_person(request: HttpRequest, person_id: Id) -> dict[str, Any]:
    actor = request_actor(request)
    return _detail(actor, person_for_actor(actor, person_id))


@router.post("", response={201: PersonDetailOut}, summary="新增人员")
@staff(*EDIT_ROLES)
@refuses(TooMany)  # too many refused ID numbers lately (people.id_numbers)
def create_person(request: HttpRequest, payload: PersonIn) -> Status[dict[str, Any]]:
    actor = request_actor(request)
    assert actor.subdistrict_id is not None
    data = _service_arguments(actor, payload)
    person = person_create(actor=actor, request=request, subdistrict_id=actor.subdistrict_id, **data)
    return Status(201, _detail(actor, person))


@router.put("/{int:person_id}", response=PersonDetailOut, summary="修改人员")
@staff(*EDIT_ROLES)
@refuses(TooMany)
def update_person(request: HttpRequest, person_id: Id, payload: PersonUpdateIn) -> dict[str, Any]:
    actor = request_actor(request)
    with transaction.atomic():
        person = person_for_actor(actor, person_id, for_update=True)
        data = _service_arguments(actor, payload, person)
        person = person_update(actor=actor, person=person, request=request, **data)
    return _detail(actor, person)


@router.post("/{int:person_id}/reveal", response=RevealOut, summary="查看完整身份证号或手机号（留痕）")
@staff(*REVEAL_ROLES)
def reveal_person_field(
    request: HttpRequest, person_id: Id, payload: RevealIn, response: HttpResponse
) -> dict[str, str]:
    actor = request_actor(request)
    value = person_reveal(actor=actor, person=person_for_actor(actor, person_id), field=payload.field, request=request)
    response["Cache-Control"] = "no-store"  # a full ID number must not sit in any cache
    return {"value": value}
