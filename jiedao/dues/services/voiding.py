"""Cancelling (作废) an assessment or a payment entered by mistake.

Nothing is deleted: the row keeps who voided it, when and why, and every sum, list
and statistic leaves it out from then on (the API still shows it, marked voided).
An assessment is voided only once its payments are (each payment belongs to the
money of one enterprise and year: a wrong one is voided on its own); a wrong
amount of a right assessment is corrected with "修改申报" instead.
"""

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from jiedao.accounts.actor import Actor
from jiedao.core import audit
from jiedao.core.errors import Conflict, NotFound
from jiedao.core.services import clean_text, model_update, new_errors, raise_if
from jiedao.dues.access import require_manager
from jiedao.dues.models import DuesAssessment, DuesPayment
from jiedao.dues.selectors.ledger import LIVE

REASON_LENGTH = 200


def _reason(reason: str) -> str:
    errors = new_errors()
    text = clean_text(errors, "reason", reason, max_length=REASON_LENGTH)
    if not text and not errors:
        errors["reason"].append(_("请写明作废原因。"))
    raise_if(errors)
    return text


@transaction.atomic
def assessment_void(
    *, actor: Actor, assessment: DuesAssessment, reason: str, request: HttpRequest | None = None
) -> DuesAssessment:
    """Void a wrong assessment (a wrong enterprise or year): kept, left out of every sum.
    The enterprise can then be assessed again for that year."""
    require_manager(actor, assessment.subdistrict_id)
    locked = DuesAssessment.objects.select_for_update().get(pk=assessment.pk)
    if locked.is_voided:
        raise Conflict(_("该核定已作废。"), code="already_voided")
    text = _reason(reason)
    if locked.payments.filter(LIVE).exists():
        raise Conflict(
            _("该核定还有未作废的缴费，请先逐笔作废这些缴费；只是金额有误的，请用“修改申报”更正。"),
            code="has_payments",
        )
    changes = model_update(locked, {"voided_at": timezone.now(), "voided_by": actor.user, "void_reason": text})
    audit.record_changes(actor=actor, obj=locked, changes=changes, request=request)
    return locked


@transaction.atomic
def payment_void(
    *,
    actor: Actor,
    assessment: DuesAssessment,
    payment_id: int,
    reason: str,
    request: HttpRequest | None = None,
) -> DuesPayment:
    """Void a wrong payment of ``assessment``: kept, left out of what was paid (the
    arrears grow back). Its reference may then be entered again."""
    require_manager(actor, assessment.subdistrict_id)
    DuesAssessment.objects.select_for_update().filter(pk=assessment.pk).first()  # payments take turns
    payment = DuesPayment.objects.select_for_update().filter(assessment=assessment, pk=payment_id).first()
    if payment is None:
        raise NotFound(_("没有找到该笔缴费。"))
    if payment.is_voided:
        raise Conflict(_("该笔缴费已作废。"), code="already_voided")
    text = _reason(reason)
    changes = model_update(payment, {"voided_at": timezone.now(), "voided_by": actor.user, "void_reason": text})
    audit.record_changes(actor=actor, obj=payment, changes=changes, request=request)
    return payment
