"""Messages of the volunteering programme, sent after the transaction that caused
them commits (``transaction.on_commit``) and never failing it: a failed message is
logged (``jiedao.core.notifications``) and the volunteer still sees the offer or the
change on their page.

- A freed place offered from the waiting list: a text (template ``place_offer``: the
  time and the deadline, neither the task nor the place, since it shows on a locked
  screen) and, where the volunteer's account has an e-mail address, an e-mail naming
  the task, the time and the place.
- A shift whose time or place the centre edited: there is no text template for it, so
  an e-mail to those with an address (the task, the old and new time and place; never
  the volunteer's name) and the notice on their page (``Claim.shift_changed_at``).
"""

import datetime as dt
import logging
from collections.abc import Collection, Mapping

from django.utils import timezone
from django.utils.translation import gettext as _

from jiedao.core.notifications import send_email, send_sms
from jiedao.core.sms import PLACE_OFFER, SCHEDULE_CHANGED, sms_time
from jiedao.volunteering.models import ACTIVE, Claim, Shift

logger = logging.getLogger(__name__)


def _when(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def _span(starts_at: dt.datetime, ends_at: dt.datetime) -> str:
    return f"{_when(starts_at)}–{timezone.localtime(ends_at).strftime('%H:%M')}"


def _email_of(claim: Claim) -> str:
    user = claim.person.user
    return user.email if user is not None and user.email else ""


def notify_offer(claim_id: int) -> bool:
    """Tell the first one waiting that a place of the shift is held for them until the
    offer's time: a text, and an e-mail copy where there is an address. Nothing is sent
    for an offer already accepted, declined or lapsed. True when the text was sent."""
    claim = (
        Claim.objects.select_related("person__user", "shift__session", "shift__task__activity", "subdistrict")
        .filter(pk=claim_id, status=Claim.Status.OFFERED)
        .first()
    )
    if claim is None or claim.offer_expires_at is None:
        return False
    params = {"when": sms_time(claim.shift.session.starts_at), "until": sms_time(claim.offer_expires_at)}
    try:
        sent = send_sms(claim.person.phone, PLACE_OFFER, params, signature=claim.subdistrict.name)
    except Exception:  # a programming error in composing must not fail a cancellation
        logger.exception("place offer SMS for claim %s not sent", claim_id)
        sent = False
    try:
        address = _email_of(claim)
        if address:
            session = claim.shift.session
            send_email(
                address,
                _("候补通知：%(task)s") % {"task": claim.shift.task.activity.title},
                _(
                    "您候补的“%(task)s”班次（%(when)s，%(place)s）有名额空出，已为您保留到%(until)s。"
                    "请在此之前登录，在“我的公益服务”中确认，逾期将通知下一位。\n\n%(signature)s"
                )
                % {
                    "task": claim.shift.task.activity.title,
                    "when": _span(session.starts_at, session.ends_at),
                    "place": session.place,
                    "until": _when(claim.offer_expires_at),
                    "signature": claim.subdistrict.name,
                },
            )
    except Exception:
        logger.exception("place offer e-mail for claim %s not sent", claim_id)
    return sent


def notify_shift_changed(shift_id: int, claim_ids: Collection[int], was: Mapping[str, object]) -> int:
    """Tell the volunteers of ``claim_ids`` still active on the shift that its time or
    place changed: a text (the old and new time only: it shows on a locked screen)
    and, where there is an address, an e-mail with the task, before and now.
    Returns the number of e-mails sent."""
    shift = Shift.objects.select_related("session", "task__activity", "subdistrict").filter(pk=shift_id).first()
    if shift is None:
        return 0
    session = shift.session
    old_start, old_end, old_place = was["starts_at"], was["ends_at"], was["place"]
    assert isinstance(old_start, dt.datetime) and isinstance(old_end, dt.datetime)
    title = shift.task.activity.title
    body = _(
        "您参加的“%(task)s”班次有变更。\n原定：%(old_when)s，%(old_place)s\n现为：%(when)s，%(place)s\n"
        "如不能参加，请登录，在“我的公益服务”中取消，或联系%(contact)s。\n\n%(signature)s"
    ) % {
        "task": title,
        "old_when": _span(old_start, old_end),
        "old_place": old_place,
        "when": _span(session.starts_at, session.ends_at),
        "place": session.place,
        "contact": shift.task.contact,
        "signature": shift.subdistrict.name,
    }
    subject = _("班次变更：%(task)s") % {"task": title}
    sent = 0
    claims = Claim.objects.select_related("person__user").filter(pk__in=claim_ids, status__in=ACTIVE)
    params = {"was": sms_time(old_start), "when": sms_time(session.starts_at)}
    for claim in claims:
        try:
            send_sms(claim.person.phone, SCHEDULE_CHANGED, params, signature=shift.subdistrict.name)
        except Exception:  # composing must not fail the edit, nor the e-mails
            logger.exception("shift change SMS for claim %s not sent", claim.pk)
        try:
            address = _email_of(claim)
            if address and send_email(address, subject, body):
                sent += 1
        except Exception:
            logger.exception("shift change e-mail for claim %s not sent", claim.pk)
    return sent
