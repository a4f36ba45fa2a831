"""Providers, courses, classes and their sessions, and the subsidy table."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max, Min
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from jiedao.accounts.actor import Actor
from jiedao.activities.models import Activity, Session
from jiedao.activities.services.activities import session_values
from jiedao.core import audit
from jiedao.core.errors import Forbidden
from jiedao.core.services import clean_long_text, clean_text, new_errors, raise_if
from jiedao.org.models import Unit
from jiedao.training.access import oversees
from jiedao.training.models import Course, Grade, Provider, RequiredWork, SessionHours, SubsidyRule, TrainingClass

# Shanghai's 职业技能提升补贴 (沪府规〔2022〕5号), by certificate grade; the amount for
# 专项职业能力 certificates is unconfirmed (docs/training.md): the 1 000 of a
# certificate without a grade, a setting like the rest.
SHANGHAI_SUBSIDY = {
    Grade.LEVEL_5: Decimal("1500"),
    Grade.LEVEL_4: Decimal("2000"),
    Grade.LEVEL_3: Decimal("2500"),
    Grade.LEVEL_2: Decimal("3000"),
    Grade.LEVEL_1: Decimal("3500"),
    Grade.SPECIAL: Decimal("1000"),
}
SUBSIDY_NOTE = "人社部发〔2021〕102号，沪府规〔2022〕5号"


def ensure_subsidy_rules(subdistrict_id: int) -> dict[str, SubsidyRule]:
    """The sub-district's subsidy table, filled with Shanghai's defaults where a grade
    has no row yet (rows already there, perhaps edited, are kept)."""
    rules = {r.grade: r for r in SubsidyRule.objects.filter(subdistrict_id=subdistrict_id)}
    for grade, amount in SHANGHAI_SUBSIDY.items():
        if grade not in rules:
            rules[grade], _created = SubsidyRule.objects.get_or_create(
                subdistrict_id=subdistrict_id, grade=grade, defaults={"amount": amount, "note": SUBSIDY_NOTE}
            )
    return rules


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
    licence_number = clean_text(errors, "licence_number", licence_number, max_length=64, required=True)
    if (
        licence_number
        and Provider.objects.filter(subdistrict_id=actor.subdistrict_id, licence_number=licence_number).exists()
    ):
        errors["licence_number"].append(_("该许可证号已登记。"))
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
    """A course of the sub-district's catalogue, with its required works (one per line)
    and the subsidy rule of its grade."""
    _require_overseer(actor)
    assert actor.subdistrict_id is not None
    errors = new_errors()
    name = clean_text(errors, "name", name, max_length=100, required=True)
    if name and Course.objects.filter(subdistrict_id=actor.subdistrict_id, name=name).exists():
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
    raise_if(errors)
    rules = ensure_subsidy_rules(actor.subdistrict_id)
    values: dict[str, Any] = {
        "name": name,
        "grade": grade,
        "prescribed_hours": prescribed_hours,
        "capacity": capacity,
        "eligibility": eligibility,
        "completion_share": completion_share,
        "description": clean_long_text(description),
    }
    course = Course.objects.create(subdistrict_id=actor.subdistrict_id, subsidy_rule=rules[grade], **values)
    for position, work in enumerate(works):
        RequiredWork.objects.create(subdistrict_id=course.subdistrict_id, course=course, name=work, position=position)
    audit.record_created(actor=actor, obj=course, values={**values, "required_works": works}, request=request)
    return course


@transaction.atomic
def class_create(
    *,
    actor: Actor,
    course: Course | None,
    provider: Provider | None,
    name: str,
    place: str,
    capacity: int | None = None,
    offer_hours: int = 48,
    request: HttpRequest | None = None,
) -> TrainingClass:
    """A class of ``course`` run by ``provider``: an activity of kind CLASS organised
    by the school's unit, with sign-out (hours count)."""
    errors = new_errors()
    if course is None or course.subdistrict_id != actor.subdistrict_id:
        errors["course"].append(_("请选择培训项目。"))
    if provider is None or provider.subdistrict_id != actor.subdistrict_id:
        errors["provider"].append(_("请选择培训机构。"))
    elif not oversees(actor) and provider.unit_id not in actor.unit_ids("training_provider"):
        errors["provider"].append(_("您只能为本机构开班。"))
    name = clean_text(errors, "name", name, max_length=200, required=True)
    place = clean_text(errors, "place", place, max_length=200, required=True)
    if capacity is not None and not 1 <= capacity <= 1000:
        errors["capacity"].append(_("人数上限应在1到1000之间。"))
    if not 1 <= offer_hours <= 24 * 14:
        errors["offer_hours"].append(_("候补名额保留时间应在1小时到14天之间。"))
    raise_if(errors)
    assert course is not None and provider is not None
    activity = Activity.objects.create(
        subdistrict_id=course.subdistrict_id,
        kind=Activity.Kind.CLASS,
        title=name,
        description=course.description,
        organiser_id=provider.unit_id,
        sign_out_enabled=True,
        created_by=actor.user,
    )
    values: dict[str, Any] = {
        "course": course,
        "provider": provider,
        "name": name,
        "place": place,
        "capacity": capacity or course.capacity,
        "offer_hours": offer_hours,
    }
    training_class = TrainingClass.objects.create(subdistrict_id=course.subdistrict_id, activity=activity, **values)
    audit.record_created(actor=actor, obj=training_class, values=values, request=request)
    return training_class


def _sync_dates(training_class: TrainingClass) -> None:
    zone = timezone.get_current_timezone()
    bounds = Session.objects.filter(activity_id=training_class.activity_id).aggregate(
        first=Min("starts_at"), last=Max("ends_at")
    )
    first: dt.datetime | None = bounds["first"]
    last: dt.datetime | None = bounds["last"]
    TrainingClass.objects.filter(pk=training_class.pk).update(
        starts_on=first.astimezone(zone).date() if first else None,
        ends_on=last.astimezone(zone).date() if last else None,
    )
    training_class.refresh_from_db(fields=["starts_on", "ends_on"])


@transaction.atomic
def class_session_create(
    *,
    actor: Actor,
    training_class: TrainingClass,
    starts_at: dt.datetime | None,
    ends_at: dt.datetime | None,
    hours: Decimal | None,
    place: str = "",
    request: HttpRequest | None = None,
) -> Session:
    """A session of the class (its hours: what attending it in full counts for)."""
    require_class_manager(actor, training_class)
    errors = new_errors()
    if hours is None or hours <= 0 or hours > 24:
        errors["hours"].append(_("课时应大于0且不超过24。"))
    raise_if(errors)
    assert hours is not None
    values = session_values(starts_at=starts_at, ends_at=ends_at, place=place or training_class.place)
    session = Session.objects.create(
        subdistrict_id=training_class.subdistrict_id, activity_id=training_class.activity_id, **values
    )
    SessionHours.objects.create(subdistrict_id=session.subdistrict_id, session=session, hours=hours)
    _sync_dates(training_class)
    audit.record_created(actor=actor, obj=session, values={**values, "hours": hours}, request=request)
    return session
