"""Who may see which studios, slots and appointments (pages and API alike).

- Office roles (sub-district admin, party-mass centre, union federation, …) manage the
  studios of their sub-district and see its appointments — a client who chose anonymity
  by pseudonym only, and never anyone's employer.
- A counsellor sees their own appointments (never another counsellor's).
- A resident sees their own appointments.
- Union chairs and the supervisor see no individual appointment here.
"""

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from jiedao.accounts.actor import OFFICE_ROLES, Actor
from jiedao.accounts.models import Role
from jiedao.counselling.models import Appointment, Counsellor, Studio, WaitlistEntry
from jiedao.people.models import Person

MANAGE_ROLES = OFFICE_ROLES
COUNSELLOR_ROLES = frozenset({Role.COUNSELLOR})


def can_manage(actor: Actor) -> bool:
    return actor.has_role(*MANAGE_ROLES)


def studios_visible_to(actor: Actor) -> QuerySet[Studio]:
    if not actor.is_authenticated or actor.subdistrict_id is None:
        return Studio.objects.none()
    return Studio.objects.filter(subdistrict_id=actor.subdistrict_id)


def studio_for_manager(actor: Actor, pk: int) -> Studio:
    if not can_manage(actor):
        raise Http404
    studio = studios_visible_to(actor).filter(pk=pk).first()
    if studio is None:
        raise Http404
    return studio


def own_person(actor: Actor) -> Person | None:
    if actor.user is None or actor.subdistrict_id is None:
        return None
    return Person.objects.filter(user=actor.user, subdistrict_id=actor.subdistrict_id).first()


def own_counsellor(actor: Actor) -> Counsellor | None:
    if actor.user is None or actor.subdistrict_id is None or not actor.has_role(*COUNSELLOR_ROLES):
        return None
    return (
        Counsellor.objects.filter(person__user=actor.user, subdistrict_id=actor.subdistrict_id)
        .select_related("person")
        .first()
    )


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
    appointment = (
        appointments_visible_to(actor)
        .select_related("slot__room__studio", "counsellor__person", "person")
        .filter(pk=pk)
        .first()
    )
    if appointment is None:
        raise Http404
    return appointment


def is_client(actor: Actor, appointment: Appointment) -> bool:
    """The actor is the appointment's client (never, once retention unlinked the person)."""
    return actor.user is not None and appointment.person is not None and appointment.person.user_id == actor.user.pk


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
