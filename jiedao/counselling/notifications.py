"""Reminders the day before and waitlist offers, by e-mail (with the ICS file) and by
text message through ``jiedao.core.notifications``. A text shows on a locked screen: its
templates (``jiedao.core.sms.templates``) say "您预约的服务", the time, the address and
the studio's phone, never the studio's name nor counselling, and are signed with the
sub-district's name. The room is left out too: rooms are named after what they are for."""

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from jiedao.core import sms
from jiedao.core.notifications import send_email
from jiedao.counselling.ics import appointment_ics
from jiedao.counselling.models import Appointment, WaitlistEntry


def _text_message(phone: str, template: str, params: dict[str, str], *, signature: str) -> str:
    """Send the text message, signed with the sub-district's name; its text is also the
    body of the e-mail that goes with it."""
    message = sms.compose(phone, template, params, signature=signature)
    sms.deliver(message)
    return message.text


def due_reminders(now: dt.datetime | None = None) -> QuerySet[Appointment]:
    """Booked appointments of tomorrow (local date) not reminded yet."""
    now = now or timezone.now()
    tomorrow = timezone.localdate(now) + dt.timedelta(days=1)
    zone = timezone.get_current_timezone()
    start = dt.datetime.combine(tomorrow, dt.time.min, tzinfo=zone)
    return Appointment.objects.filter(
        status=Appointment.Status.BOOKED,
        reminded_at__isnull=True,
        starts_at__gte=start,
        starts_at__lt=start + dt.timedelta(days=1),
    )


def send_reminders(now: dt.datetime | None = None) -> int:
    """Send each due reminder once: ``reminded_at`` is claimed by a conditional update
    first, so two runs at once never send one twice."""
    now = now or timezone.now()
    sent = 0
    for pk in list(due_reminders(now).values_list("pk", flat=True)):
        if not Appointment.objects.filter(pk=pk, reminded_at__isnull=True).update(reminded_at=now):
            continue
        appointment = Appointment.objects.select_related("slot__room__studio", "person__user", "subdistrict").get(pk=pk)
        remind(appointment)
        sent += 1
    return sent


def remind(appointment: Appointment) -> None:
    if appointment.person is None:  # past retention: nobody to remind
        return
    studio = appointment.slot.room.studio
    params = {"when": sms.sms_time(appointment.starts_at), "address": studio.address, "phone": studio.phone or "—"}
    text = _text_message(
        appointment.person.phone, sms.APPOINTMENT_REMINDER, params, signature=appointment.subdistrict.name
    )
    user = appointment.person.user
    if user is not None and user.email:
        send_email(
            user.email,
            _("%(studio)s预约提醒") % {"studio": studio.name},
            text,
            attachments=[("appointment.ics", appointment_ics(appointment), "text/calendar")],
        )


def notify_offer(entry_id: int) -> None:
    entry = (
        WaitlistEntry.objects.select_related("offered_slot__room__studio", "person__user", "subdistrict")
        .filter(pk=entry_id, status=WaitlistEntry.Status.OFFERED)
        .first()
    )
    if entry is None or entry.offered_slot is None or entry.offer_expires_at is None:
        return
    studio = entry.studio
    params = {"when": sms.sms_time(entry.offered_slot.starts_at), "until": sms.sms_time(entry.offer_expires_at)}
    text = _text_message(entry.person.phone, sms.WAITLIST_OFFER, params, signature=entry.subdistrict.name)
    user = entry.person.user
    if user is not None and user.email:
        send_email(user.email, _("%(studio)s候补通知") % {"studio": studio.name}, text)


def notify_cancelled(appointment_id: int) -> None:
    """Tell the client that staff or the counsellor cancelled their appointment."""
    appointment = (
        Appointment.objects.select_related("slot__room__studio", "person__user", "subdistrict")
        .filter(pk=appointment_id)
        .first()
    )
    if appointment is None or appointment.person is None:
        return
    studio = appointment.slot.room.studio
    # No reason in the message: a text shows on a locked screen, and a reason typed by
    # staff may say more than a time. The client reads it on "我的预约".
    params = {"when": sms.sms_time(appointment.starts_at), "phone": studio.phone or "—"}
    text = _text_message(
        appointment.person.phone, sms.APPOINTMENT_CANCELLED, params, signature=appointment.subdistrict.name
    )
    user = appointment.person.user
    if user is not None and user.email:
        send_email(user.email, _("%(studio)s预约已取消") % {"studio": studio.name}, text)
