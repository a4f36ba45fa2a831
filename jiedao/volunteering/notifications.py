"""Text messages of the volunteering programme, sent after the transaction that
caused them commits (``transaction.on_commit``) and never failing it: a failed
message is logged by ``jiedao.core.notifications.send_sms`` and the volunteer still
sees the offer on their page."""

import logging

from jiedao.core.notifications import send_sms
from jiedao.core.sms import PLACE_OFFER, sms_time
from jiedao.volunteering.models import Claim

logger = logging.getLogger(__name__)


def notify_offer(claim_id: int) -> bool:
    """Tell the first one waiting that a place of the shift is held for them until the
    offer's time (template ``place_offer``: the time and the deadline, not the task).
    Nothing is sent for an offer already accepted, declined or lapsed."""
    claim = (
        Claim.objects.select_related("person", "shift__session", "subdistrict")
        .filter(pk=claim_id, status=Claim.Status.OFFERED)
        .first()
    )
    if claim is None or claim.offer_expires_at is None:
        return False
    params = {"when": sms_time(claim.shift.session.starts_at), "until": sms_time(claim.offer_expires_at)}
    try:
        return send_sms(claim.person.phone, PLACE_OFFER, params, signature=claim.subdistrict.name)
    except Exception:  # a programming error in composing must not fail a cancellation
        logger.exception("place offer SMS for claim %s not sent", claim_id)
        return False
