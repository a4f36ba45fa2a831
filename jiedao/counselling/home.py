"""What the 畅心屋 shows on a resident's home (``jiedao.core.home``): the person's own
booked appointments still to come (when, which studio and room: what the booking page
shows them without a fresh proof; the list of every appointment stays behind one on
``counselling:mine``); confirming a slot kept for them from the waiting list, and
booking one when a studio is open. Only ever the person's
own appointments: the home asks with the signed-in person's record."""

from collections.abc import Iterator

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jiedao.accounts.actor import Actor
from jiedao.core.home import HomeAction, HomeEntry, HomeItem
from jiedao.counselling import access, selectors
from jiedao.counselling.models import Appointment, WaitlistEntry
from jiedao.people.models import Person

MAX_APPOINTMENTS = 5


def home(actor: Actor, person: Person) -> Iterator[HomeItem]:
    upcoming = (
        selectors.my_appointments(person)
        .filter(status=Appointment.Status.BOOKED, ends_at__gt=timezone.now())
        .order_by("starts_at", "id")[:MAX_APPOINTMENTS]
    )
    url = reverse("counselling:mine")
    for appointment in upcoming:
        room = appointment.slot.room
        yield HomeEntry(
            title=_("畅心屋心理咨询"),
            starts_at=appointment.starts_at,
            ends_at=appointment.ends_at,
            kind=_("预约"),
            place=f"{room.studio.name} {room.name}",
            url=url,
        )
    # A slot kept for them from the waiting list: confirmed on their appointments page.
    offered = selectors.my_waitlist(person).filter(
        status=WaitlistEntry.Status.OFFERED, offer_expires_at__gt=timezone.now()
    )
    if offered.exists():
        yield HomeAction(label=_("确认为您保留的畅心屋时段"), url=url)
    if access.studios_visible_to(actor).filter(is_active=True).exists():
        yield HomeAction(label=_("预约畅心屋"), url=reverse("counselling:index"))
