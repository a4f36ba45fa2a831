"""The text message to a trainee offered a seat from the waiting list (``place_offer``:
the class's first session and until when the seat is held). A text shows on a locked
screen: it names neither the class nor the course, and is signed with the
sub-district's name. Sent after the offer is committed; a failure is logged by the
SMS layer and never reaches the caller."""

import logging

from jiedao.activities.models import Session
from jiedao.core.notifications import send_sms
from jiedao.core.sms import PLACE_OFFER, sms_time
from jiedao.training.models import Enrolment

logger = logging.getLogger(__name__)


def notify_offer(enrolment_id: int) -> bool:
    """Tell the person their waiting-list seat is offered; False when nothing was sent
    (no offer any more, no phone, or the gateway refused)."""
    try:
        enrolment = (
            Enrolment.objects.select_related("person", "subdistrict", "training_class")
            .filter(pk=enrolment_id, status=Enrolment.Status.OFFERED)
            .first()
        )
        if enrolment is None or enrolment.offer_expires_at is None or not enrolment.person.phone:
            return False
        first = (
            Session.objects.filter(activity_id=enrolment.training_class.activity_id)
            .order_by("starts_at")
            .values_list("starts_at", flat=True)
            .first()
        )
        params = {
            "when": sms_time(first) if first is not None else "",
            "until": sms_time(enrolment.offer_expires_at),
        }
        return send_sms(enrolment.person.phone, PLACE_OFFER, params, signature=enrolment.subdistrict.name)
    except Exception:
        logger.exception("training offer %s: the text message failed", enrolment_id)
        return False
