"""Who may read and write session records, and who sees the statistics.

The one place these rules live (pages, API and services all call them):

* the assigned counsellor (the user of ``appointment.counsellor.person``) reads and
  writes the record of their own appointments;
* a counselling supervisor reads one record at a time, after stating a reason;
* nobody else reads a record: not the offices, not the union, not the client;
* the offices and the supervisor see aggregate statistics only.

Anything outside the actor's scope is not found (404), whatever the role.
"""

from django.db.models import QuerySet
from django.http import Http404

from jiedao.accounts.actor import OFFICE_ROLES, Actor
from jiedao.accounts.models import Role
from jiedao.counselling.models import Appointment, SessionRecord

# Role gates of the pages and operations.
WRITE_ROLES = frozenset({Role.COUNSELLOR})
READ_ROLES = frozenset({Role.COUNSELLOR, Role.COUNSELLING_SUPERVISOR})
SUPERVISE_ROLES = frozenset({Role.COUNSELLING_SUPERVISOR})
STATS_ROLES = OFFICE_ROLES | SUPERVISE_ROLES

# A supervisor's reason must say something (a few words, not "看看").
MIN_REASON_LENGTH = 10


def own_appointments(actor: Actor) -> QuerySet[Appointment]:
    """The appointments whose counsellor is the actor (none for anyone else)."""
    if actor.user is None or actor.subdistrict_id is None or not actor.has_role(*WRITE_ROLES):
        return Appointment.objects.none()
    return Appointment.objects.filter(subdistrict_id=actor.subdistrict_id, counsellor__person__user_id=actor.user.pk)


def supervised_records(actor: Actor) -> QuerySet[SessionRecord]:
    """The records a supervisor may ask to read: those of their sub-district."""
    if actor.subdistrict_id is None or not actor.has_role(*SUPERVISE_ROLES):
        return SessionRecord.objects.none()
    return SessionRecord.objects.filter(subdistrict_id=actor.subdistrict_id)


def supervised_appointments(actor: Actor) -> QuerySet[Appointment]:
    """The appointments with a record that a supervisor may ask to read."""
    if actor.subdistrict_id is None or not actor.has_role(*SUPERVISE_ROLES):
        return Appointment.objects.none()
    return Appointment.objects.filter(subdistrict_id=actor.subdistrict_id, record__isnull=False)


def is_assigned_counsellor(actor: Actor, appointment: Appointment) -> bool:
    return own_appointments(actor).filter(pk=appointment.pk).exists()


def appointment_for_counsellor(actor: Actor, pk: int) -> Appointment:
    """Appointment ``pk`` if the actor is its counsellor; else 404."""
    appointment = (
        own_appointments(actor)
        .select_related("person", "counsellor__person", "slot__room__studio")
        .filter(pk=pk)
        .first()
    )
    if appointment is None:
        raise Http404
    return appointment


def appointment_for_supervisor(actor: Actor, pk: int) -> Appointment:
    """Appointment ``pk`` if the actor supervises its sub-district and it has a
    record to read; else 404. Nothing of the record is loaded here."""
    if actor.subdistrict_id is None or not actor.has_role(*SUPERVISE_ROLES):
        raise Http404
    appointment = (
        Appointment.objects.filter(subdistrict_id=actor.subdistrict_id, pk=pk, record__isnull=False)
        .select_related("counsellor__person", "slot__room__studio")
        .first()
    )
    if appointment is None:
        raise Http404
    return appointment


def appointment_for_reader(actor: Actor, pk: int) -> tuple[Appointment, str]:
    """The appointment and the capacity in which the actor may read its record:
    ``"counsellor"`` (their own appointment) or ``"supervisor"``; else 404."""
    if actor.has_role(*WRITE_ROLES):
        appointment = own_appointments(actor).select_related("person", "counsellor__person", "slot__room__studio")
        found = appointment.filter(pk=pk).first()
        if found is not None:
            return found, "counsellor"
    if actor.has_role(*SUPERVISE_ROLES):
        return appointment_for_supervisor(actor, pk), "supervisor"
    raise Http404


def can_see_stats(actor: Actor) -> bool:
    return actor.has_role(*STATS_ROLES)
