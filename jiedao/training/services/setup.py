"""Providers and courses: registering, editing and deleting them (a deletion only
where nothing depends on the row; otherwise a clear refusal). Who manages a class."""

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from jiedao.accounts.actor import Actor
from jiedao.core import audit
from jiedao.core.errors import Conflict, Forbidden
from jiedao.core.models import AuditEntry
from jiedao.core.services import Errors, clean_long_text, clean_text, model_update, new_errors, raise_if
from jiedao.org.models import Unit
from jiedao.training.access import oversees
from jiedao.training.models import Course, Enrolment, Grade, Provider, RequiredWork, TrainingClass, Work
from jiedao.training.services.rules import ensure_subsidy_rules


def _require_overseer(actor: Actor) -> None:
    if not oversees(actor):
        raise Forbidden(_("只有劳动保障事务所可以进行此操作。"))


def require_class_manager(actor: Actor, training_class: TrainingClass) -> None:
    """The labour office, or the class's own provider."""
    if actor.subdistrict_id != training_class.subdistrict_id:
        raise Forbidden(_("您无权管理此培训班。"))
    if oversees(actor):
        return
    if training_class.provider.unit_id not in actor.unit_ids("training_provider"):
        raise Forbidden(_("您无权管理此培训班。"))


def _licence(errors: Errors, licence_number: str, subdistrict_id: int, exclude: int | None = None) -> str:
    licence_number = clean_text(errors, "licence_number", licence_number, max_length=64, required=True)
    taken = Provider.objects.filter(subdistrict_id=subdistrict_id, licence_number=licence_number)
    if exclude is not None:
        taken = taken.exclude(pk=exclude)
    if licence_number and taken.exists():
        errors["licence_number"].append(_("该许可证号已登记。"))
    return licence_number


@transaction.atomic
def provider_create(
    *,
    actor: Actor,
    unit: Unit | None,
    licence_number: str,
    contact_name: str = "",
    contact_phone: str = "",
    request: HttpRequest | None = None,
) -> Provider:
    _require_overseer(actor)
    assert actor.subdistrict_id is not None
    errors = new_errors()
    if unit is None or unit.subdistrict_id != actor.subdistrict_id:
        errors["unit"].append(_("请选择本街道的单位。"))
    elif unit.kind != Unit.Kind.TRAINING_SCHOOL:
        errors["unit"].append(_("培训机构必须是“培训学校”类型的单位。"))
    elif Provider.objects.filter(unit=unit).exists():
        errors["unit"].append(_("该单位已登记为培训机构。"))
    licence_number = _licence(errors, licence_number, actor.subdistrict_id)
    contact_name = clean_text(errors, "contact_name", contact_name, max_length=64)
    contact_phone = clean_text(errors, "contact_phone", contact_phone, max_length=32)
    raise_if(errors)
    values: dict[str, Any] = {
        "unit": unit,
        "licence_number": licence_number,
        "contact_name": contact_name,
        "contact_phone": contact_phone,
    }
    provider = Provider.objects.create(subdistrict_id=actor.subdistrict_id, **values)
    audit.record_created(actor=actor, obj=provider, values=values, request=request)
    return provider


@transaction.atomic
def provider_update(
    *,
    actor: Actor,
    provider: Provider,
    licence_number: str,
    contact_name: str = "",
    contact_phone: str = "",
    is_active: bool = True,
    request: HttpRequest | None = None,
) -> Provider:
    """The licence and contact of a school, or its retirement (停用: no new classes)."""
    _require_overseer(actor)
    provider = Provider.objects.select_for_update().select_related("unit").get(pk=provider.pk)
    errors = new_errors()
    licence_number = _licence(errors, licence_number, provider.subdistrict_id, exclude=provider.pk)
    contact_name = clean_text(errors, "contact_name", contact_name, max_length=64)
    contact_phone = clean_text(errors, "contact_phone", contact_phone, max_length=32)
    raise_if(errors)
    changes = model_update(
        provider,
        {
            "licence_number": licence_number,
            "contact_name": contact_name,
            "contact_phone": contact_phone,
            "is_active": bool(is_active),
        },
    )
    if changes:
        audit.record_changes(actor=actor, obj=provider, changes=changes, request=request)
    return provider


def _delete(actor: Actor, obj: Any, request: HttpRequest | None) -> None:
    audit.record(actor=actor, action=AuditEntry.Action.DELETE, obj=obj, request=request)
    obj.delete()


@transaction.atomic
def provider_delete(*, actor: Actor, provider: Provider, request: HttpRequest | None = None) -> None:
    """Only a school that has run no class; one that has is retired instead."""
    _require_overseer(actor)
    provider = Provider.objects.select_for_update().select_related("unit").get(pk=provider.pk)
    if TrainingClass.objects.filter(provider=provider).exists():
        raise Conflict(_("该培训机构已有培训班，不能删除；可以将其设为停用。"), code="provider_in_use")
    _delete(actor, provider, request)


def _course_values(
    errors: Errors,
    *,
    subdistrict_id: int,
    exclude: int | None,
    name: str,
    grade: str,
    prescribed_hours: Decimal | None,
    capacity: int | None,
    eligibility: str,
    completion_share: Decimal | None,
    required_works: list[str] | None,
    description: str,
) -> tuple[dict[str, Any], list[str]]:
    name = clean_text(errors, "name", name, max_length=100, required=True)
    same = Course.objects.filter(subdistrict_id=subdistrict_id, name=name)
    if name and (same.exclude(pk=exclude) if exclude is not None else same).exists():
        errors["name"].append(_("已有同名的培训项目。"))
    if grade not in Grade.values:
        errors["grade"].append(_("请选择类别或等级。"))
    if prescribed_hours is None or prescribed_hours <= 0 or prescribed_hours > 2000:
        errors["prescribed_hours"].append(_("规定课时应在0到2000之间。"))
    if capacity is None or capacity < 1 or capacity > 1000:
        errors["capacity"].append(_("每班人数应在1到1000之间。"))
    if eligibility not in Course.Eligibility.values:
        errors["eligibility"].append(_("请选择报名条件。"))
    if completion_share is None or not Decimal("0") < completion_share <= Decimal("1"):
        errors["completion_share"].append(_("课时完成比例应大于0且不超过1。"))
    works: list[str] = []
    for line in required_works or []:
        work = clean_text(errors, "required_works", line, max_length=100)
        if work and work not in works:
            works.append(work)
    values: dict[str, Any] = {
        "name": name,
        "grade": grade,
        "prescribed_hours": prescribed_hours,
        "capacity": capacity,
        "eligibility": eligibility,
        "completion_share": completion_share,
        "description": clean_long_text(description),
    }
    return values, works


@transaction.atomic
def course_create(
    *,
    actor: Actor,
    name: str,
    grade: str,
    prescribed_hours: Decimal | None,
    capacity: int | None = 45,
    eligibility: str = Course.Eligibility.JOB_SEEKERS,
    completion_share: Decimal | None = Decimal("1.00"),
    required_works: list[str] | None = None,
    description: str = "",
    request: HttpRequest | None = None,
) -> Course:
    """A course of the sub-district's catalogue, with its required works (one per line)."""
    _require_overseer(actor)
    assert actor.subdistrict_id is not None
    errors = new_errors()
    values, works = _course_values(
        errors,
        subdistrict_id=actor.subdistrict_id,
        exclude=None,
        name=name,
        grade=grade,
        prescribed_hours=prescribed_hours,
        capacity=capacity,
        eligibility=eligibility,
        completion_share=completion_share,
        required_works=required_works,
        description=description,
    )
    raise_if(errors)
    ensure_subsidy_rules(actor.subdistrict_id)
    course = Course.objects.create(subdistrict_id=actor.subdistrict_id, **values)
    for position, work in enumerate(works):
        RequiredWork.objects.create(subdistrict_id=course.subdistrict_id, course=course, name=work, position=position)
    audit.record_created(actor=actor, obj=course, values={**values, "required_works": works}, request=request)
    return course


# What a trainee's outcome rests on: fixed once a class of the course has been assessed.
COMPLETION_FIELDS = ("grade", "prescribed_hours", "completion_share")
ASSESSED = (Enrolment.Status.COMPLETED, Enrolment.Status.NOT_COMPLETED)


def course_assessed(course: Course) -> bool:
    """A class of the course has been through 结业评定 (its outcomes rest on the rule)."""
    return Enrolment.objects.filter(training_class__course=course, status__in=ASSESSED).exists()


@transaction.atomic
def course_update(
    *,
    actor: Actor,
    course: Course,
    name: str,
    grade: str,
    prescribed_hours: Decimal | None,
    capacity: int | None,
    eligibility: str,
    completion_share: Decimal | None,
    required_works: list[str] | None = None,
    description: str = "",
    is_active: bool = True,
    request: HttpRequest | None = None,
) -> Course:
    """Edit a course. Once a class of it has been assessed, its grade, prescribed
    hours, completion share and required works are what the outcomes and certificates
    rest on, and stay; a required work a trainee's work was recorded for stays too."""
    _require_overseer(actor)
    course = Course.objects.select_for_update().get(pk=course.pk)
    errors = new_errors()
    values, works = _course_values(
        errors,
        subdistrict_id=course.subdistrict_id,
        exclude=course.pk,
        name=name,
        grade=grade,
        prescribed_hours=prescribed_hours,
        capacity=capacity,
        eligibility=eligibility,
        completion_share=completion_share,
        required_works=required_works,
        description=description,
    )
    current = list(course.required_works.order_by("position", "id"))
    names = [w.name for w in current]
    if not errors and course_assessed(course):
        fixed = _("已有培训班按此项目结业评定，不能再修改。")
        for field in COMPLETION_FIELDS:
            if values[field] != getattr(course, field):
                errors[field].append(fixed)
        if works != names:
            errors["required_works"].append(fixed)
    removed = [w for w in current if w.name not in works]
    used = set(Work.objects.filter(required_work__in=removed).values_list("required_work__name", flat=True))
    for work_name in sorted(used):
        errors["required_works"].append(_("“%(name)s”已有学员作品记录，不能删除。") % {"name": work_name})
    raise_if(errors)
    changes = model_update(course, {**values, "is_active": bool(is_active)})
    if works != names:
        RequiredWork.objects.filter(pk__in=[w.pk for w in removed]).delete()
        by_name = {w.name: w for w in current}
        for position, work in enumerate(works):
            if work in by_name:
                RequiredWork.objects.filter(pk=by_name[work].pk).update(position=position)
            else:
                RequiredWork.objects.create(
                    subdistrict_id=course.subdistrict_id, course=course, name=work, position=position
                )
        changes["required_works"] = [names, works]
    if changes:
        audit.record_changes(actor=actor, obj=course, changes=changes, request=request)
    return course


@transaction.atomic
def course_delete(*, actor: Actor, course: Course, request: HttpRequest | None = None) -> None:
    """Only a course no class has run; one that has is retired instead."""
    _require_overseer(actor)
    course = Course.objects.select_for_update().get(pk=course.pk)
    if TrainingClass.objects.filter(course=course).exists():
        raise Conflict(_("该培训项目已开过培训班，不能删除；可以将其设为停用。"), code="course_in_use")
    _delete(actor, course, request)
