"""Who sees and does what in the volunteering programme (docs/volunteering.md).

- The party-mass service centre and the sub-district admin (``MANAGER_ROLES``) run
  the catalogue: tasks, shifts, claims, hours, needs, certificates of anyone.
- A residential-area union chair reports their area's needs and sees them.
- Anyone signed in with a registry record of the sub-district sees the open
  shifts and claims, cancels and reports for themselves; their own claims,
  hours and certificates are theirs alone.
Outside the scope: 404.
"""

from django.db.models import QuerySet

from jiedao.accounts.access import one_for_actor, scoped
from jiedao.accounts.actor import Actor
from jiedao.accounts.models import Role
from jiedao.people.access import own_person
from jiedao.people.models import Person
from jiedao.volunteering.models import Certificate, Claim, Need, ServiceRecord, Shift, Task

MANAGER_ROLES = (Role.SUBDISTRICT_ADMIN, Role.PARTY_MASS_CENTRE)
NEED_ROLES = (*MANAGER_ROLES, Role.AREA_UNION_CHAIR)


def is_manager(actor: Actor) -> bool:
    return actor.has_role(*MANAGER_ROLES)


def tasks_visible_to(actor: Actor) -> QuerySet[Task]:
    if not is_manager(actor):
        return Task.objects.none()
    return scoped(Task.objects.select_related("activity__organiser", "need"), actor)


def task_for_actor(actor: Actor, pk: int) -> Task:
    return one_for_actor(tasks_visible_to(actor), pk)


def shifts_managed_by(actor: Actor) -> QuerySet[Shift]:
    if not is_manager(actor):
        return Shift.objects.none()
    return scoped(Shift.objects.select_related("session", "task__activity"), actor)


def shift_for_manager(actor: Actor, pk: int) -> Shift:
    return one_for_actor(shifts_managed_by(actor), pk)


def open_shifts(subdistrict_id: int) -> QuerySet[Shift]:
    """The shifts anyone of the sub-district may claim: of open tasks."""
    return Shift.objects.select_related("session", "task__activity").filter(
        subdistrict_id=subdistrict_id, task__is_open=True
    )


def shift_to_claim(actor: Actor, pk: int) -> Shift:
    """A shift of an open task of the actor's own sub-district; else 404."""
    return one_for_actor(open_shifts(actor.subdistrict_id or 0), pk)


def own_claim(actor: Actor, pk: int) -> Claim:
    """One of the actor's own claims (what a volunteer cancels or reports on); else 404."""
    return one_for_actor(claims_visible_to_self(actor), pk)


def claims_visible_to_self(actor: Actor) -> QuerySet[Claim]:
    person = own_person(actor)
    if person is None:
        return Claim.objects.none()
    return Claim.objects.select_related("shift__session", "shift__task__activity", "person").filter(person=person)


def record_for_manager(actor: Actor, pk: int) -> ServiceRecord:
    if not is_manager(actor):
        return one_for_actor(ServiceRecord.objects.none(), pk)
    records = scoped(ServiceRecord.objects.select_related("claim__person", "claim__shift__task__activity"), actor)
    return one_for_actor(records, pk)


def needs_visible_to(actor: Actor) -> QuerySet[Need]:
    needs = scoped(Need.objects.select_related("residential_area", "task__activity"), actor)
    if is_manager(actor):
        return needs
    areas = actor.area_ids(Role.AREA_UNION_CHAIR)
    return needs.filter(residential_area_id__in=areas) if areas else needs.none()


def need_for_manager(actor: Actor, pk: int) -> Need:
    if not is_manager(actor):
        return one_for_actor(Need.objects.none(), pk)
    return one_for_actor(needs_visible_to(actor), pk)


def certificates_visible_to(actor: Actor) -> QuerySet[Certificate]:
    certificates = Certificate.objects.select_related("person")
    if is_manager(actor):
        return scoped(certificates, actor)
    person = own_person(actor)
    return certificates.filter(person=person) if person is not None else certificates.none()


def certificate_for_actor(actor: Actor, pk: int) -> Certificate:
    return one_for_actor(certificates_visible_to(actor), pk)


def certificates_managed_by(actor: Actor) -> QuerySet[Certificate]:
    """Every certificate of the sub-district (the centre's list, revoking)."""
    if not is_manager(actor):
        return Certificate.objects.none()
    return scoped(Certificate.objects.select_related("person"), actor)


def certificate_for_manager(actor: Actor, pk: int) -> Certificate:
    return one_for_actor(certificates_managed_by(actor), pk)


def volunteer_for_manager(actor: Actor, pk: int) -> Person:
    """A person of the sub-district who has volunteered (has a volunteer number): whom
    the centre may issue a certificate for; else 404."""
    if not is_manager(actor):
        return one_for_actor(Person.objects.none(), pk)
    return one_for_actor(scoped(Person.objects.filter(volunteer__isnull=False), actor), pk)
