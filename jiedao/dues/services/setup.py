"""The federation's settings: each year's rate and due date, the split between
levels per year and channel, the reminder schedule."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from jiedao.accounts.actor import Actor
from jiedao.core import audit
from jiedao.core.numbers import half_up
from jiedao.core.services import model_update, new_errors, raise_if
from jiedao.core.validators import parse_phone
from jiedao.dues.access import require_manager
from jiedao.dues.models import FIRST_YEAR, LAST_YEAR, WHOLE, Channel, DuesSplit, DuesYear, ReminderSchedule
from jiedao.dues.money import basis_points


def _check_year(errors: Any, year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        errors["year"].append(_("年度应在%(a)d至%(b)d之间。") % {"a": FIRST_YEAR, "b": LAST_YEAR})


@transaction.atomic
def year_set(
    *,
    actor: Actor,
    year: int,
    rate_percent: Decimal,
    due_on: dt.date,
    request: HttpRequest | None = None,
) -> DuesYear:
    """Set (or change) a year's rate, as a percentage of the payroll, and due date.
    Assessments already made keep the rate they were made with."""
    sd = actor.subdistrict_id
    assert sd is not None
    require_manager(actor, sd)
    errors = new_errors()
    _check_year(errors, year)
    if not Decimal(0) < rate_percent <= Decimal(100):
        errors["rate_percent"].append(_("比例应大于0%且不超过100%。"))
    elif rate_percent.as_tuple().exponent < -2:  # type: ignore[operator]
        errors["rate_percent"].append(_("比例最多两位小数。"))
    if due_on.year < year:
        errors["due_on"].append(_("截止日期不能早于该年度。"))
    raise_if(errors)
    values = {"rate": half_up(rate_percent / 100, Decimal("0.0001")), "due_on": due_on}
    row = DuesYear.objects.select_for_update().filter(subdistrict_id=sd, year=year).first()
    if row is None:
        row = DuesYear.objects.create(subdistrict_id=sd, year=year, **values)
        audit.record_created(actor=actor, obj=row, values={"year": year, **values}, request=request)
    elif changes := model_update(row, values):
        audit.record_changes(actor=actor, obj=row, changes=changes, request=request)
    return row


@transaction.atomic
def split_set(
    *,
    actor: Actor,
    year: int,
    channel: str,
    enterprise_union: Decimal,
    subdistrict_federation: Decimal,
    district_union: Decimal,
    city_union: Decimal,
    request: HttpRequest | None = None,
) -> DuesSplit:
    """Set the split of ``year`` and ``channel`` (percentages adding up to 100)."""
    sd = actor.subdistrict_id
    assert sd is not None
    require_manager(actor, sd)
    errors = new_errors()
    _check_year(errors, year)
    if channel not in Channel.values:
        errors["channel"].append(_("交纳渠道无效。"))
    given = {
        "enterprise_union": enterprise_union,
        "subdistrict_federation": subdistrict_federation,
        "district_union": district_union,
        "city_union": city_union,
    }
    values: dict[str, Any] = {}
    for level, share in given.items():
        if share < 0 or share > 100:
            errors[level].append(_("比例应在0%至100%之间。"))
        elif share.as_tuple().exponent < -2:  # type: ignore[operator]
            errors[level].append(_("比例最多两位小数。"))
        else:
            values[level] = basis_points(share)
    if not errors and sum(values.values()) != WHOLE:
        errors["__all__"].append(
            _("各级分成比例之和应为100%%，现为%(sum)s%%。") % {"sum": sum(given.values(), Decimal(0))}
        )
    raise_if(errors)
    row = DuesSplit.objects.select_for_update().filter(subdistrict_id=sd, year=year, channel=channel).first()
    if row is None:
        row = DuesSplit.objects.create(subdistrict_id=sd, year=year, channel=channel, **values)
        audit.record_created(actor=actor, obj=row, values={"year": year, "channel": channel, **values}, request=request)
    elif changes := model_update(row, values):
        audit.record_changes(actor=actor, obj=row, changes=changes, request=request)
    return row


@transaction.atomic
def schedule_set(
    *,
    actor: Actor,
    first_after_days: int,
    every_days: int,
    notice_after_days: int,
    order_after_days: int,
    phone: str = "",
    request: HttpRequest | None = None,
) -> ReminderSchedule:
    """The reminder schedule, and the federation's phone the SMS reminders name."""
    sd = actor.subdistrict_id
    assert sd is not None
    require_manager(actor, sd)
    errors = new_errors()
    values: dict[str, Any] = {
        "first_after_days": first_after_days,
        "every_days": every_days,
        "notice_after_days": notice_after_days,
        "order_after_days": order_after_days,
    }
    for name, days in list(values.items()):
        if not 1 <= days <= 3650:
            errors[name].append(_("天数应在1至3650之间。"))
    if not errors and notice_after_days < first_after_days:
        errors["notice_after_days"].append(_("正式催缴通知不能早于首次提醒。"))
    if not errors and order_after_days < notice_after_days:
        errors["order_after_days"].append(_("申请支付令不能早于正式催缴通知。"))
    phone = phone.strip()
    if phone:
        try:
            phone = parse_phone(phone)
        except ValidationError:
            errors["phone"].append(_("请填写有效的电话号码（手机或带区号的固定电话）。"))
    values["phone"] = phone
    raise_if(errors)
    row = ReminderSchedule.objects.select_for_update().filter(subdistrict_id=sd).first()
    if row is None:
        row = ReminderSchedule.objects.create(subdistrict_id=sd, **values)
        audit.record_created(actor=actor, obj=row, values=values, request=request)
    elif changes := model_update(row, values):
        audit.record_changes(actor=actor, obj=row, changes=changes, request=request)
    return row
