"""The subsidy table (职业技能提升补贴标准), with its history.

Each grade has one or more versions (``SubsidyRule.valid_from``); the version in force
on a class's start date is the one its trainees' subsidy follows. Changing a figure
is a new version from a date: the versions before it stay as they were, so an old
class's subsidy is still computed by the rule of its time. Shanghai's published
figures are the first version of every grade (dated ``RULES_SINCE``), created per
sub-district on first use. The labour office and the sub-district admin change them.

A claim keeps the rule of its class: a new version may not start on or before the
start of a class of its grade with a standing claim, a version a claim was computed
by is neither changed nor deleted, and the first version of a grade stays. The
versions of a grade are locked (``lock_grade``) by every change and by a claim, so a
claim and a change of the table never cross.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from jiedao.accounts.actor import Actor
from jiedao.core import audit
from jiedao.core.errors import Conflict, Forbidden
from jiedao.core.models import AuditEntry
from jiedao.core.numbers import to_fen
from jiedao.core.services import clean_text, model_update, new_errors, raise_if
from jiedao.training.access import oversees
from jiedao.training.models import RULES_SINCE, Grade, SubsidyClaim, SubsidyRule, standing_claims

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
MAX_AMOUNT = Decimal("100000")


def ensure_subsidy_rules(subdistrict_id: int) -> None:
    """Shanghai's figures as the first version of every grade that has none yet
    (versions already there, perhaps changed, are kept)."""
    have = set(SubsidyRule.objects.filter(subdistrict_id=subdistrict_id).values_list("grade", flat=True).distinct())
    for grade, amount in SHANGHAI_SUBSIDY.items():
        if grade not in have:
            SubsidyRule.objects.get_or_create(
                subdistrict_id=subdistrict_id,
                grade=grade,
                valid_from=RULES_SINCE,
                defaults={"amount": amount, "note": SUBSIDY_NOTE},
            )


def lock_grade(subdistrict_id: int, grade: str) -> None:
    """Lock every version of ``grade`` (inside the caller's transaction): a claim and
    a change of the table wait for each other."""
    ensure_subsidy_rules(subdistrict_id)
    list(SubsidyRule.objects.select_for_update().filter(subdistrict_id=subdistrict_id, grade=grade).values_list("pk"))


def rules_on(subdistrict_id: int, day: dt.date | None = None) -> dict[str, SubsidyRule]:
    """The version of each grade in force on ``day`` (default today)."""
    ensure_subsidy_rules(subdistrict_id)
    day = day or timezone.localdate()
    found: dict[str, SubsidyRule] = {}
    for rule in SubsidyRule.objects.filter(subdistrict_id=subdistrict_id, valid_from__lte=day).order_by(
        "grade", "-valid_from"
    ):
        found.setdefault(rule.grade, rule)
    return found


def rule_for(subdistrict_id: int, grade: str, day: dt.date | None) -> SubsidyRule:
    return rules_on(subdistrict_id, day)[grade]


def rule_history(subdistrict_id: int) -> list[SubsidyRule]:
    """Every version, grade by grade (in the order of ``Grade``), newest first."""
    ensure_subsidy_rules(subdistrict_id)
    order = {grade: i for i, grade in enumerate(Grade.values)}
    rules = list(SubsidyRule.objects.filter(subdistrict_id=subdistrict_id).order_by("-valid_from", "id"))
    return sorted(rules, key=lambda r: order.get(r.grade, len(order)))


def _share(errors: Any, name: str, value: Decimal | None) -> None:
    if value is None or not Decimal(0) <= value <= Decimal(1):
        errors[name].append(_("比例应在0到1之间，如0.80。"))


@transaction.atomic
def rule_set(
    *,
    actor: Actor,
    grade: str,
    amount: Decimal | None,
    unemployed_share: Decimal | None,
    employed_share: Decimal | None,
    valid_from: dt.date | None,
    note: str = "",
    request: HttpRequest | None = None,
) -> SubsidyRule:
    """The figures of ``grade`` from ``valid_from`` on: a new version, or a change of
    the version of that very day as long as no claim was computed by it."""
    if not oversees(actor):
        raise Forbidden(_("只有劳动保障事务所可以修改补贴标准。"))
    assert actor.subdistrict_id is not None
    errors = new_errors()
    if grade not in Grade.values:
        errors["grade"].append(_("请选择证书等级。"))
    if amount is None or not Decimal(0) <= amount <= MAX_AMOUNT:
        errors["amount"].append(_("补贴标准应在0到100000元之间。"))
    _share(errors, "unemployed_share", unemployed_share)
    _share(errors, "employed_share", employed_share)
    if valid_from is None:
        errors["valid_from"].append(_("请填写起始日期。"))
    elif valid_from < RULES_SINCE:
        errors["valid_from"].append(_("起始日期不能早于2000年1月1日。"))
    note = clean_text(errors, "note", note, max_length=200)
    raise_if(errors)
    assert amount is not None and unemployed_share is not None and employed_share is not None
    assert valid_from is not None
    lock_grade(actor.subdistrict_id, grade)
    reached = standing_claims().filter(
        subdistrict_id=actor.subdistrict_id,
        rule__grade=grade,
        enrolment__training_class__starts_on__gte=valid_from,
    )
    last = reached.aggregate(last=Max("enrolment__training_class__starts_on"))["last"]
    if last is not None:
        raise Conflict(
            _("%(day)s及以后开班的培训班已有补贴申请，新标准不能改变它们适用的标准：请选择%(last)s之后的起始日期。")
            % {"day": valid_from.isoformat(), "last": last.isoformat()},
            code="rule_reaches_claims",
            field="valid_from",
        )
    values: dict[str, Any] = {
        "amount": to_fen(amount),
        "unemployed_share": unemployed_share,
        "employed_share": employed_share,
        "note": note,
    }
    same_day = (
        SubsidyRule.objects.select_for_update()
        .filter(subdistrict_id=actor.subdistrict_id, grade=grade, valid_from=valid_from)
        .first()
    )
    if same_day is None:
        rule = SubsidyRule.objects.create(
            subdistrict_id=actor.subdistrict_id, grade=grade, valid_from=valid_from, **values
        )
        audit.record_created(
            actor=actor, obj=rule, values={"grade": grade, "valid_from": valid_from, **values}, request=request
        )
        return rule
    if SubsidyClaim.objects.filter(rule=same_day).exists():
        raise Conflict(_("已有补贴申请按该日起的标准计算，不能再修改；请另选起始日期设立新标准。"), code="rule_in_use")
    changes = model_update(same_day, values)
    if changes:
        audit.record_changes(actor=actor, obj=same_day, changes=changes, request=request)
    return same_day


@transaction.atomic
def rule_delete(*, actor: Actor, rule: SubsidyRule, request: HttpRequest | None = None) -> None:
    """Delete a version no claim was computed by (set by mistake, or never to come);
    the first version of a grade stays, so that every class finds a rule."""
    if not oversees(actor) or rule.subdistrict_id != actor.subdistrict_id:
        raise Forbidden(_("只有劳动保障事务所可以修改补贴标准。"))
    lock_grade(rule.subdistrict_id, rule.grade)
    if rule.valid_from <= RULES_SINCE:
        raise Conflict(_("各等级最初的补贴标准不能删除；如需调整，请从某日起设立新标准。"), code="first_rule")
    if SubsidyClaim.objects.filter(rule=rule).exists():
        raise Conflict(_("已有补贴申请按此标准计算，不能删除。"), code="rule_in_use")
    values = {"grade": rule.grade, "valid_from": rule.valid_from.isoformat(), "amount": str(rule.amount)}
    audit.record(actor=actor, action=AuditEntry.Action.DELETE, obj=rule, request=request, detail={"values": values})
    rule.delete()
