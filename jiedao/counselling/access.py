"""Who may see and do what in the 畅心屋 (pages, API and services alike).

Booking:

- the offices manage the studios of their sub-district and see its appointments — a
  client who chose anonymity by pseudonym only, and never anyone's employer;
- a counsellor sees their own appointments (never another counsellor's);
- a resident sees their own appointments and waitlist entries;
- union chairs and the supervisor see no individual appointment here.

Session records (``docs/counselling-records.md``):

- the assigned counsellor reads and writes the record of their own appointments;
- a counselling supervisor reads one record at a time, after stating a reason;
- nobody else reads a record: not the offices, not the union, not the client;
- the offices and the supervisor see aggregate statistics only.

Anything outside the actor's scope is not found (404), whatever the role.
"""

from typing import TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from jiedao.accounts.access import one_for_actor, scoped
from jiedao.accounts.actor import OFFICE_ROLES, Actor
from jiedao.accounts.models import Role
from jiedao.core.errors import Conflict, Forbidden, NotFound
from jiedao.core.models import CalendarDay
from jiedao.counselling.models import (
    Appointment,
    AvailabilityException,
    AvailabilityRule,
    Counsellor,
    SessionRecord,
    Slot,
    Studio,
    WaitlistEntry,
)
from jiedao.people.access import own_person, person_for_actor
from jiedao.people.models import Person

MANAGE_ROLES = OFFICE_ROLES
COUNSELLOR_ROLES = frozenset({Role.COUNSELLOR})
# Role gates of the record pages and operations.
WRITE_ROLES = COUNSELLOR_ROLES
READ_ROLES = frozenset({Role.COUNSELLOR, Role.COUNSELLING_SUPERVISOR})
SUPERVISE_ROLES = frozenset({Role.COUNSELLING_SUPERVISOR})
STATS_ROLES = OFFICE_ROLES | SUPERVISE_ROLES

M = TypeVar("M", bound=Model)

# A supervisor's reason must say something (a few words, not "看看").
MIN_REASON_LENGTH = 10


# ---------------------------------------------------------------- studios and set-up


def can_manage(actor: Actor) -> bool:
    return actor.has_role(*MANAGE_ROLES)


def can_see_stats(actor: Actor) -> bool:
    return actor.has_role(*STATS_ROLES)


def studios_visible_to(actor: Actor) -> QuerySet[Studio]:
    if not actor.is_authenticated or actor.subdistrict_id is None:
        return Studio.objects.none()
    return Studio.objects.filter(subdistrict_id=actor.subdistrict_id)


def open_studio(actor: Actor, pk: int | None) -> Studio | None:
    """An open studio the actor may book in: ``pk``, or the first one (None: none)."""
    studios = studios_visible_to(actor).filter(is_active=True)
    return studios.filter(pk=pk).first() if pk is not None else studios.first()


def open_studio_or_404(actor: Actor, pk: int) -> Studio:
    return one_for_actor(studios_visible_to(actor).filter(is_active=True), pk)


def studio_for_actor(actor: Actor, pk: int) -> Studio:
    studio = studios_visible_to(actor).filter(pk=pk).first()
    if studio is None:
        raise NotFound("未找到该咨询室。")
    return studio


def _managed(queryset: QuerySet[M], actor: Actor) -> QuerySet[M]:
    return scoped(queryset, actor) if can_manage(actor) else queryset.none()


def studio_for_manager(actor: Actor, pk: int) -> Studio:
    return one_for_actor(_managed(Studio.objects.all(), actor), pk)


def rule_for_manager(actor: Actor, pk: int) -> AvailabilityRule:
    return one_for_actor(_managed(AvailabilityRule.objects.select_related("room"), actor), pk)


def exception_for_manager(actor: Actor, pk: int) -> AvailabilityException:
    return one_for_actor(_managed(AvailabilityException.objects.all(), actor), pk)


def counsellor_for_manager(actor: Actor, pk: int) -> Counsellor:
    return one_for_actor(_managed(Counsellor.objects.all(), actor), pk)


def calendar_day_for_manager(actor: Actor, pk: int) -> CalendarDay:
    """The national calendar is one for the country: any office keeps it."""
    if not can_manage(actor):
        raise Http404
    return one_for_actor(CalendarDay.objects.all(), pk)


# ---------------------------------------------------------------- slots and appointments


def slot_for_actor(actor: Actor, pk: int) -> Slot:
    """Any slot of the actor's sub-district (the confirm page says when it is taken)."""
    qs = Slot.objects.select_related("room__studio", "counsellor__person")
    return one_for_actor(qs.filter(subdistrict_id=actor.subdistrict_id or 0), pk)


def own_counsellor(actor: Actor) -> Counsellor | None:
    if actor.user is None or actor.subdistrict_id is None or not actor.has_role(*COUNSELLOR_ROLES):
        return None
    return (
        Counsellor.objects.filter(person__user=actor.user, subdistrict_id=actor.subdistrict_id)
        .select_related("person")
        .first()
    )


def client_for(actor: Actor, person_id: int | None) -> Person:
    """Whom a booking through the API is for: the caller, or (an office on the phone)
    a person in their scope."""
    if person_id is not None:
        if not can_manage(actor):
            raise Forbidden(_("只能为自己预约。"))
        return person_for_actor(actor, person_id)
    person = own_person(actor)
    if person is None:
        raise Conflict("您的账号尚未关联人员信息。", code="no_person")
    return person


def appointments_visible_to(actor: Actor) -> QuerySet[Appointment]:
    """Offices: the sub-district's; a counsellor: their caseload; anyone: their own."""
    if not actor.is_authenticated or actor.subdistrict_id is None:
        return Appointment.objects.none()
    qs = Appointment.objects.filter(subdistrict_id=actor.subdistrict_id)
    if can_manage(actor):
        return qs
    scope = Q(person__user=actor.user)
    if actor.has_role(*COUNSELLOR_ROLES):
        scope |= Q(counsellor__person__user=actor.user)
    return qs.filter(scope)


def appointment_for_actor(actor: Actor, pk: int) -> Appointment:
    qs = appointments_visible_to(actor).select_related("slot__room__studio", "counsellor__person", "person")
    return one_for_actor(qs, pk)


def is_client(actor: Actor, appointment: Appointment) -> bool:
    """The actor is the appointment's client (never, once retention unlinked the person)."""
    return actor.user is not None and appointment.person is not None and appointment.person.user_id == actor.user.pk


def is_own_counsellor(actor: Actor, appointment: Appointment) -> bool:
    counsellor = own_counsellor(actor)
    return counsellor is not None and counsellor.pk == appointment.counsellor_id


def manages(actor: Actor, appointment: Appointment) -> bool:
    return can_manage(actor) and actor.subdistrict_id == appointment.subdistrict_id


def shows_name(actor: Actor, appointment: Appointment) -> bool:
    """The client's real name: to the client, to the assigned counsellor, and to staff
    unless the client chose anonymity. Nobody's, past retention."""
    if appointment.person is None:
        return False
    if is_client(actor, appointment):
        return True
    if actor.user is not None and appointment.counsellor.person.user_id == actor.user.pk:
        return True
    return not appointment.is_anonymous and can_manage(actor)


def client_label(actor: Actor, appointment: Appointment) -> str:
    if appointment.person is None:
        return _("（已过保存期限）")
    return appointment.person.name if shows_name(actor, appointment) else appointment.pseudonym or "—"


def waitlist_visible_to(actor: Actor) -> QuerySet[WaitlistEntry]:
    if not actor.is_authenticated or actor.subdistrict_id is None:
        return WaitlistEntry.objects.none()
    qs = WaitlistEntry.objects.filter(subdistrict_id=actor.subdistrict_id)
    return qs if can_manage(actor) else qs.filter(person__user=actor.user)


def own_waitlist_entry(actor: Actor, pk: int) -> WaitlistEntry:
    """One of the actor's own waitlist entries: only the person accepts an offer or
    leaves. An office sees the entry (403), anyone else does not (404)."""
    entry = one_for_actor(waitlist_visible_to(actor).select_related("person", "studio"), pk)
    if actor.user is None or entry.person.user_id != actor.user.pk:
        raise PermissionDenied
    return entry


# ---------------------------------------------------------------- session records


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
    qs = own_appointments(actor).select_related("person", "counsellor__person", "slot__room__studio")
    return one_for_actor(qs, pk)


def appointment_for_supervisor(actor: Actor, pk: int) -> Appointment:
    """Appointment ``pk`` if the actor supervises its sub-district and it has a
    record to read; else 404. Nothing of the record is loaded here."""
    qs = supervised_appointments(actor).select_related("counsellor__person", "slot__room__studio")
    return one_for_actor(qs, pk)


def appointment_for_reader(actor: Actor, pk: int) -> tuple[Appointment, str]:
    """The appointment and the capacity in which the actor may read its record:
    ``"counsellor"`` (their own appointment) or ``"supervisor"``; else 404."""
    if actor.has_role(*WRITE_ROLES):
        qs = own_appointments(actor).select_related("person", "counsellor__person", "slot__room__studio")
        found = qs.filter(pk=pk).first()
        if found is not None:
            return found, "counsellor"
    if actor.has_role(*SUPERVISE_ROLES):
        return appointment_for_supervisor(actor, pk), "supervisor"
    raise Http404
