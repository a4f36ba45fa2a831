"""/api/v1/training: the course catalogue, open classes, enrolling oneself, one's own
enrolments, and the public verification of a completion certificate.

``POST /classes/{id}/enrol`` enrols the caller (their registry record): 201 when
new, 200 for a repeat, 409 ``class_full``, ``not_eligible``, ``class_closed`` or
``no_person`` in the error shape. Another sub-district's class is a 404.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Status
from pydantic import BaseModel

from jiedao.accounts.policy import public, request_actor, signed_in
from jiedao.api.pagination import Page, PageQuery, paginate
from jiedao.api.responses import refuses
from jiedao.api.types import Id
from jiedao.core.certificates import mask_name
from jiedao.core.errors import Conflict, Forbidden
from jiedao.people.access import own_person
from jiedao.training import selectors, services
from jiedao.training.models import TrainingClass

router = Router(tags=["training"])


class WorkOut(BaseModel):
    name: str


class CourseOut(BaseModel):
    id: int
    name: str
    grade: str
    grade_label: str
    prescribed_hours: Decimal
    completion_share: Decimal
    capacity: int
    eligibility: str
    required_works: list[str]


class ClassSessionOut(BaseModel):
    id: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    place: str
    hours: Decimal | None


class ClassOut(BaseModel):
    id: int
    name: str
    course: str
    provider: str
    place: str
    starts_on: dt.date | None
    ends_on: dt.date | None
    sessions: list[ClassSessionOut]
    capacity: int
    enrolled: int
    open: bool


class ClassFilters(PageQuery):
    open: bool = Field(False, description="true：只列出仍在报名的培训班（不论报名条件）")


class EnrolmentOut(BaseModel):
    id: int
    status: str
    source: str
    offer_expires_at: dt.datetime | None


class MyWorkOut(BaseModel):
    name: str
    mark: str


class MyClassOut(BaseModel):
    id: int
    name: str
    course: str
    provider: str
    starts_on: dt.date | None
    ends_on: dt.date | None


class MyEnrolmentOut(BaseModel):
    id: int
    status: str
    class_: MyClassOut = Field(alias="class")
    hours_attended: Decimal
    hours_required: Decimal
    works: list[MyWorkOut]
    completed: bool
    certificate_number: str | None


class TrainingCertificateOut(BaseModel):
    number: str
    valid: bool
    name: str
    course: str
    grade: str
    provider: str
    hours: Decimal
    issued_on: dt.date
    revoked_on: dt.date | None


def _class(c: TrainingClass) -> dict[str, Any]:
    return {
        "id": c.pk,
        "name": c.name,
        "course": c.course.name,
        "provider": c.provider.unit.name,
        "place": c.place,
        "starts_on": c.starts_on,
        "ends_on": c.ends_on,
        "sessions": [
            {
                "id": s.pk,
                "starts_at": s.starts_at,
                "ends_at": s.ends_at,
                "place": s.place,
                "hours": selectors.session_hours_of(s),
            }
            for s in c.activity.class_sessions  # type: ignore[attr-defined]
        ],
        "capacity": c.capacity,
        "enrolled": c.seats_taken,
        "open": services.is_open(c),
    }


@router.get("/courses", response=Page[CourseOut], summary="培训项目目录")
@signed_in
def list_courses(request: HttpRequest, filters: Query[PageQuery]) -> dict[str, Any]:
    page = paginate(selectors.catalogue(request_actor(request).subdistrict_id), filters)
    page["items"] = [
        {
            "id": c.pk,
            "name": c.name,
            "grade": c.grade,
            "grade_label": c.get_grade_display(),
            "prescribed_hours": c.prescribed_hours,
            "completion_share": c.completion_share,
            "capacity": c.capacity,
            "eligibility": c.eligibility,
            "required_works": [w.name for w in c.required_works.all()],
        }
        for c in page["items"]
    ]
    return page


@router.get("/classes", response=Page[ClassOut], summary="培训班（open=true：仍在报名的）")
@signed_in
def list_classes(request: HttpRequest, filters: Query[ClassFilters]) -> dict[str, Any]:
    page = paginate(selectors.classes_of(request_actor(request).subdistrict_id, open_only=filters.open), filters)
    page["items"] = [_class(c) for c in page["items"]]
    return page


@router.post("/classes/{int:class_id}/enrol", response={200: EnrolmentOut, 201: EnrolmentOut}, summary="本人报名培训班")
@signed_in
@refuses(Conflict, Forbidden)
def enrol(request: HttpRequest, class_id: Id) -> Status[dict[str, Any]]:
    actor = request_actor(request)
    training_class = selectors.classes_of(actor.subdistrict_id, open_only=False).filter(pk=class_id).first()
    if training_class is None:
        raise Http404
    person = own_person(actor)
    if person is None:
        raise Conflict(_("您的账号尚未关联居民信息，请联系社区事务受理中心登记。"), code="no_person")
    enrolment, created = services.enrol(actor=actor, training_class=training_class, person=person, request=request)
    body = {
        "id": enrolment.pk,
        "status": enrolment.status,
        "source": enrolment.source,
        "offer_expires_at": enrolment.offer_expires_at,
    }
    return Status(201 if created else 200, body)


@router.get("/enrolments/me", response=Page[MyEnrolmentOut], by_alias=True, summary="我的培训：课时、作品、证书")
@signed_in
def my_enrolments(request: HttpRequest, filters: Query[PageQuery]) -> dict[str, Any]:
    found = selectors.my_enrolments(own_person(request_actor(request)))
    items = [
        {
            "id": m.enrolment.pk,
            "status": m.enrolment.status,
            "class": {
                "id": m.enrolment.training_class_id,
                "name": m.enrolment.training_class.name,
                "course": m.enrolment.training_class.course.name,
                "provider": m.enrolment.training_class.provider.unit.name,
                "starts_on": m.enrolment.training_class.starts_on,
                "ends_on": m.enrolment.training_class.ends_on,
            },
            "hours_attended": m.hours_attended,
            "hours_required": m.hours_required,
            "works": [{"name": w.required_work.name, "mark": w.mark} for w in m.works],
            "completed": m.enrolment.is_completed,
            "certificate_number": m.certificate.number if m.certificate else None,
        }
        for m in found[filters.offset : filters.offset + filters.limit]
    ]
    return {"items": items, "count": len(found)}


@router.get("/certificates/{number}", auth=None, response=TrainingCertificateOut, summary="结业证书核验（公开）")
@public
def verify_certificate(request: HttpRequest, number: str) -> dict[str, Any]:
    certificate = selectors.certificate_by_number(number[:64])
    if certificate is None:
        raise Http404
    enrolment = certificate.enrolment
    return {
        "number": certificate.number,
        "valid": certificate.is_valid,
        "name": mask_name(enrolment.person.name),
        "course": enrolment.training_class.course.name,
        "grade": certificate.get_grade_display(),
        "provider": enrolment.training_class.provider.unit.name,
        "hours": certificate.hours,
        "issued_on": certificate.issued_on,
        "revoked_on": certificate.revoked_at.date() if certificate.revoked_at else None,
    }
