"""Reads of activities and attendance, in a constant number of queries."""

from typing import NamedTuple

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
from jiedao.people.models import Person

__all__ = [
    "CategoryCount",
    "activities_visible_to",
    "activity_attendance_by_category",
    "activity_for_actor",
    "attendance_by_category",
    "attendance_of",
    "attendance_total",
    "can_organise",
    "my_attendances",
    "my_registrations",
    "own_person",
    "registrations_of",
    "session_for_actor",
    "sessions_visible_to",
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


def own_person(actor: Actor, subdistrict_id: int) -> Person | None:
    """The person record of the actor's own account in ``subdistrict_id`` (None: not registered)."""
    if actor.user is None:
        return None
    return Person.objects.select_related("employer").filter(user=actor.user, subdistrict_id=subdistrict_id).first()


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
