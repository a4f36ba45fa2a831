"""Reads of activities and attendance, in a constant number of queries."""

from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db.models import Count, OuterRef, QuerySet, Subquery

from jiedao.accounts.actor import Actor
from jiedao.activities.access import (
    activities_visible_to,
    activity_for_actor,
    can_organise,
    session_for_actor,
    sessions_visible_to,
)
from jiedao.activities.models import Activity, Attendance, AttendeeCategory, Registration, Session
from jiedao.people.access import people_visible_to
from jiedao.people.models import Person
from jiedao.people.selectors import holds_a_number, people_search, person_by_id_number

# How many people a search on the invite and walk-in pages shows.
SEARCH_LIMIT = 20

__all__ = [
    "CategoryCount",
    "activities_visible_to",
    "activity_attendance_by_category",
    "activity_for_actor",
    "activity_list",
    "attendance_by_category",
    "attendance_of",
    "attendance_of_person",
    "attendance_total",
    "can_organise",
    "my_attendances",
    "my_registrations",
    "people_found",
    "registrations_of",
    "session_for_actor",
    "sessions_visible_to",
    "sessions_with_counts",
    "waiting_at",
]


class CategoryCount(NamedTuple):
    category: str
    label: str
    count: int  # type: ignore[assignment]  # shadows tuple.count on purpose: the figure reads best so


def attendance_by_category(session: Session | int) -> list[CategoryCount]:
    """Every ``AttendeeCategory`` in its order, with the number of people signed
    in at ``session`` (0 when none): one query."""
    session_id = session if isinstance(session, int) else session.pk
    return _by_category(Attendance.objects.filter(session_id=session_id))


def activity_attendance_by_category(activity: Activity | int) -> list[CategoryCount]:
    """The same over every session of an activity, each person counted once (in the
    category of their first sign-in): one query. The minutes of a meeting use it."""
    activity_id = activity if isinstance(activity, int) else activity.pk
    first = Attendance.objects.filter(session__activity_id=activity_id, person_id=OuterRef("person_id")).order_by(
        "signed_in_at", "id"
    )
    return _by_category(
        Attendance.objects.filter(session__activity_id=activity_id, pk=Subquery(first.values("pk")[:1]))
    )


def _by_category(attendances: QuerySet[Attendance]) -> list[CategoryCount]:
    counts = dict(attendances.order_by().values_list("category").annotate(n=Count("id")).values_list("category", "n"))
    return [CategoryCount(value, str(label), counts.get(value, 0)) for value, label in AttendeeCategory.choices]


def attendance_total(counts: list[CategoryCount]) -> int:
    return sum(c.count for c in counts)


def attendance_of(session: Session) -> QuerySet[Attendance]:
    """Who signed in at a session, in sign-in order, with what the lists show."""
    return Attendance.objects.filter(session=session).select_related("person__employer", "registration__unit")


def registrations_of(activity: Activity) -> QuerySet[Registration]:
    return Registration.objects.filter(activity=activity).select_related("person__employer", "unit")


def activity_list(actor: Actor, *, kind: str = "") -> QuerySet[Activity]:
    """The activities an organiser runs, of one kind if ``kind`` is one."""
    activities = activities_visible_to(actor).select_related("organiser", "residential_area")
    return activities.filter(kind=kind) if kind in Activity.Kind.values else activities


def sessions_with_counts(activity: Activity) -> list[Session]:
    """The activity's sessions, each with ``attendance_count``: two queries."""
    sessions = list(activity.sessions.all())
    counts = dict(
        Attendance.objects.filter(session__activity=activity)
        .order_by()
        .values_list("session_id")
        .annotate(n=Count("id"))
        .values_list("session_id", "n")
    )
    for session in sessions:
        session.attendance_count = counts.get(session.pk, 0)  # type: ignore[attr-defined]
    return sessions


def waiting_at(session: Session) -> QuerySet[Registration]:
    """The people invited to the session's activity and not signed in yet (a
    cancelled or declined invitation does not wait)."""
    return (
        registrations_of(session.activity)
        .filter(person__isnull=False)
        .exclude(status__in=[Registration.Status.CANCELLED, Registration.Status.DECLINED])
        .exclude(person_id__in=Attendance.objects.filter(session=session).values("person_id"))
    )


def attendance_of_person(session: Session, person: Person | None) -> Attendance | None:
    return Attendance.objects.filter(session=session, person=person).first() if person is not None else None


def people_found(actor: Actor, q: str) -> tuple[list[Person], str]:
    """People in the actor's scope matching a name (or pinyin), or one full ID
    number; with the reason when the text cannot be searched."""
    q = (q or "").strip()
    if not q:
        return [], ""
    if holds_a_number(q):
        try:
            found = person_by_id_number(actor, q)
        except ValidationError as exc:
            return [], " ".join(exc.messages)
        return ([found] if found is not None else []), ""
    people = people_search(people_visible_to(actor), q=q).select_related("residential_area", "employer")
    return list(people[:SEARCH_LIMIT]), ""


def my_registrations(actor: Actor) -> QuerySet[Registration]:
    """A resident's own invitations (through the person of their account)."""
    if actor.user is None:
        return Registration.objects.none()
    return (
        Registration.objects.filter(person__user=actor.user)
        .select_related("activity__organiser")
        .order_by("-activity__created_at", "-id")
    )


def my_attendances(actor: Actor) -> QuerySet[Attendance]:
    if actor.user is None:
        return Attendance.objects.none()
    return (
        Attendance.objects.filter(person__user=actor.user)
        .select_related("session__activity")
        .order_by("-signed_in_at", "-id")
    )
