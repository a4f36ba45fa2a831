"""Staff services for a studio's set-up: the studio and its rules, rooms, counsellors,
rules and exceptions, and the national calendar. Each validates through the model
(``full_clean``), saves in a transaction, writes an audit entry and brings the
slots in line with the new rules (``slots.generate_slots``)."""

import datetime as dt
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from jiedao.accounts.actor import Actor
from jiedao.core import audit
from jiedao.core.holidays import calendar_day_delete, calendar_day_save
from jiedao.core.models import AuditEntry, CalendarDay
from jiedao.counselling.models import AvailabilityException, AvailabilityRule, Counsellor, Room, Studio
from jiedao.counselling.services.slots import generate_all, generate_slots

M = TypeVar("M", bound=models.Model)


def _studios_of(obj: models.Model) -> list[Studio]:
    if isinstance(obj, Studio):
        return [obj]
    if isinstance(obj, Room):
        return [obj.studio]
    if isinstance(obj, (AvailabilityRule, AvailabilityException)):
        return list(obj.counsellor.studios.all())
    if isinstance(obj, Counsellor):
        return list(obj.studios.all())
    return []


def _regenerate(studios: list[Studio]) -> None:
    for studio in studios:
        generate_slots(studio)


def config_save(*, actor: Actor, obj: M, request: HttpRequest | None = None, m2m: dict[str, Any] | None = None) -> M:
    """Validate and save one set-up row of the actor's sub-district."""
    if actor.subdistrict_id is None:
        raise ValidationError(_("没有所属街道。"))
    obj.subdistrict_id = actor.subdistrict_id  # type: ignore[attr-defined]
    creating = obj._state.adding
    obj.full_clean()
    if (
        isinstance(obj, AvailabilityException)
        and obj.kind == AvailabilityException.Kind.EXTRA
        and (obj.start_time is None or obj.end_time is None or obj.room_id is None)
    ):
        raise ValidationError(_("加开需要填写开始、结束时间和房间。"))
    with transaction.atomic():
        before = _studios_of(obj) if not creating else []
        try:
            with transaction.atomic():
                obj.save()
        except IntegrityError:
            raise ValidationError(_("与已有记录重复。")) from None
        for name, values in (m2m or {}).items():
            getattr(obj, name).set(values)
        action = AuditEntry.Action.CREATE if creating else AuditEntry.Action.UPDATE
        audit.record(actor=actor, action=action, obj=obj, request=request)
        _regenerate(list({s.pk: s for s in before + _studios_of(obj)}.values()))
    return obj


def config_delete(*, actor: Actor, obj: models.Model, request: HttpRequest | None = None) -> None:
    with transaction.atomic():
        studios = _studios_of(obj)
        audit.record(actor=actor, action=AuditEntry.Action.DELETE, obj=obj, request=request)
        obj.delete()
        _regenerate(studios)


def calendar_save(*, actor: Actor, date: dt.date | None, kind: str, name: str = "") -> CalendarDay:
    """A holiday or make-up day changes the slots at once, not at the next nightly
    run (booked slots are withdrawn, never deleted)."""
    row = calendar_day_save(actor=actor, date=date, kind=kind, name=name)
    generate_all()
    return row


def calendar_delete(*, actor: Actor, row: CalendarDay) -> None:
    calendar_day_delete(actor=actor, row=row)
    generate_all()
