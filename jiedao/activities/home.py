"""What the activities core shows on a resident's home (``jiedao.core.home``): the
upcoming sessions of the activities the person is invited to or signed up for, for
the kinds no more specific programme shows itself (meetings, lectures, visits, other
activities). Classes (``training``) and volunteer service (``volunteering``) come
from their own programmes, with their own rules."""

from collections.abc import Iterator

from django.urls import reverse
from django.utils import timezone

from jiedao.accounts.actor import Actor
from jiedao.activities import selectors
from jiedao.activities.models import Activity, Registration, Session
from jiedao.core.home import HomeEntry, HomeItem
from jiedao.people.models import Person

# Shown by the programmes that own them (training, volunteering).
OWNED_ELSEWHERE = (Activity.Kind.CLASS, Activity.Kind.SERVICE)
# An invitation declined or cancelled is not something to attend.
ATTENDING = (Registration.Status.INVITED, Registration.Status.CONFIRMED)
MAX_SESSIONS = 10


def home(actor: Actor, person: Person) -> Iterator[HomeItem]:
    registrations = (
        selectors.my_registrations(actor)
        .filter(person=person, status__in=ATTENDING)
        .exclude(activity__kind__in=OWNED_ELSEWHERE)
    )
    sessions = (
        Session.objects.filter(activity_id__in=registrations.values("activity_id"), ends_at__gt=timezone.now())
        .select_related("activity")
        .order_by("starts_at", "id")[:MAX_SESSIONS]
    )
    url = reverse("activities:mine")
    for session in sessions:
        yield HomeEntry(
            title=session.activity.title,
            starts_at=session.starts_at,
            ends_at=session.ends_at,
            kind=str(session.activity.get_kind_display()),
            place=session.place,
            url=url,
        )
