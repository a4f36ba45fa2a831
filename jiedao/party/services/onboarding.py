"""The 凝新 studio reminds a 三新 member of the 三个一 steps still missing, by SMS
(a text that names no programme: ``core.sms`` template ``pending_steps``). The
reminder is recorded in the transaction; the text leaves once it has committed
(``transaction.on_commit``) and never fails the caller: ``sent`` says whether the
SMS backend took it."""

import datetime as dt

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from jiedao.accounts.actor import Actor
from jiedao.core import audit
from jiedao.core.errors import Conflict, Forbidden
from jiedao.core.models import AuditEntry
from jiedao.core.notifications import send_sms
from jiedao.core.sms.templates import PENDING_STEPS
from jiedao.party.access import STUDIO_ROLES
from jiedao.party.models import OnboardingReminder, PartyMember
from jiedao.party.selectors.steps import newcomers, onboarding

# One reminder per member within this time, however often the button is pressed.
REMINDER_GAP = dt.timedelta(hours=20)


@transaction.atomic
def remind(*, actor: Actor, member: PartyMember, request: HttpRequest | None = None) -> OnboardingReminder:
    if not actor.has_role(*STUDIO_ROLES) or actor.subdistrict_id != member.subdistrict_id:
        raise Forbidden(_("您无权发送提醒。"))
    locked = newcomers(PartyMember.objects.filter(pk=member.pk)).select_for_update(of=("self",)).first()
    if locked is None:
        raise Conflict(_("此人不是新转入的“三新”党员。"))
    state = onboarding([locked], subdistrict_id=locked.subdistrict_id)[0]
    if state.complete:
        raise Conflict(_("“三个一”已全部完成，无需提醒。"))
    if OnboardingReminder.objects.filter(member=locked, created_at__gte=timezone.now() - REMINDER_GAP).exists():
        raise Conflict(_("今天已提醒过此人。"))
    missing = [step.key for step in state.missing]
    reminder = OnboardingReminder.objects.create(
        subdistrict_id=locked.subdistrict_id, member=locked, missing=",".join(missing), sent=False, sent_by=actor.user
    )
    audit.record(
        actor=actor, action=AuditEntry.Action.CREATE, obj=reminder, request=request, detail={"missing": missing}
    )
    transaction.on_commit(lambda: send_reminder(reminder))
    return reminder


def send_reminder(reminder: OnboardingReminder) -> None:
    """Text the member (after the reminder committed) and mark the reminder sent when
    the backend took the message; a failure is logged by ``send_sms``, never raised."""
    member = reminder.member
    sent = send_sms(member.person.phone, PENDING_STEPS, {}, signature=member.subdistrict.name)
    if sent:
        OnboardingReminder.objects.filter(pk=reminder.pk).update(sent=True)
        reminder.sent = True
