"""The consent (单独同意, PIPL art. 29) before booking: given by the person, or by an
office reading it to them on the phone; withdrawn by the person at any time."""

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from jiedao.accounts.actor import Actor
from jiedao.core import audit
from jiedao.core.errors import DomainError, Forbidden
from jiedao.core.models import AuditEntry
from jiedao.counselling import consent as consent_texts
from jiedao.counselling.access import can_manage
from jiedao.counselling.models import Consent
from jiedao.counselling.selectors import current_consent
from jiedao.people.models import Person


@transaction.atomic
def consent_give(
    *, actor: Actor, person: Person, version: str, by_phone: bool = False, request: HttpRequest | None = None
) -> Consent:
    """Record that ``person`` read the consent text of ``version`` and agreed (by phone:
    a staff member read it to them). Only the person, or an office of their
    sub-district on the phone, gives it."""
    own = actor.user is not None and person.user_id == actor.user.pk
    if not own and not (by_phone and can_manage(actor) and actor.subdistrict_id == person.subdistrict_id):
        raise Forbidden(_("只有本人可以同意（或由工作人员电话宣读后代为登记）。"))
    if version != consent_texts.CURRENT_VERSION:
        raise DomainError(_("同意书已更新，请重新阅读后再同意。"), code="consent_outdated")
    consent = current_consent(person)
    if consent is not None:
        return consent
    # A withdrawn consent of this version stays as history; this agreement is a new row.
    consent = Consent.objects.create(
        subdistrict_id=person.subdistrict_id,
        person=person,
        version=version,
        text=consent_texts.text_of(version),
        agreed_at=timezone.now(),
    )
    audit.record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        obj=consent,
        object_repr=f"consent {version}",
        detail={"version": version, "by_phone": by_phone},
        request=request,
    )
    return consent


def agreed_now(
    *, actor: Actor, person: Person, consent: bool, by_phone: bool = False, request: HttpRequest | None = None
) -> None:
    """A confirm form's consent box, ticked after reading the current text: recorded
    before the booking or waitlist entry it came with (and kept if that fails)."""
    if consent and current_consent(person) is None:
        consent_give(
            actor=actor, person=person, version=consent_texts.CURRENT_VERSION, by_phone=by_phone, request=request
        )


@transaction.atomic
def consent_withdraw(*, actor: Actor, person: Person, request: HttpRequest | None = None) -> int:
    """PIPL art. 15: the person withdraws their consent (no new bookings after it)."""
    if actor.user is None or person.user_id != actor.user.pk:
        raise Forbidden(_("只有本人可以撤回同意。"))
    count = Consent.objects.filter(person=person, withdrawn_at__isnull=True).update(withdrawn_at=timezone.now())
    if count:
        audit.record(
            actor=actor,
            action=AuditEntry.Action.UPDATE,
            object_type="counselling.consent",
            object_id=str(person.pk),
            object_repr="consent withdrawn",
            subdistrict_id=person.subdistrict_id,
            request=request,
        )
    return count
