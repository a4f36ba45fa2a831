"""The 凝新 studio reminds a 三新 member of the 三个一 steps still missing, by SMS
(a text that names no programme: ``core.sms`` template ``pending_steps``)."""

import datetime as dt

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from jiedao.accounts.actor import Actor
from jiedao.core import audit
from jiedao.core.errors import Conflict, Forbidden
from jiedao.core.models import AuditEntry
from jiedao.core.sms import send_sms
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
    person = locked.person
    sent = send_sms(person.phone, PENDING_STEPS, {}, signature=locked.subdistrict.name)
    reminder = OnboardingReminder.objects.create(
        subdistrict_id=locked.subdistrict_id, member=locked, missing=",".join(missing), sent=sent, sent_by=actor.user
    )
    audit.record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        obj=reminder,
        request=request,
        detail={"missing": missing, "sent": sent},
    )
    return reminder
