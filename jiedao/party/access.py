"""Who may see and change party records. The one place these rules live: pages,
the API and the export all go through these functions.

- Party-member fields are sensitive. The sub-district admin, the party office
  (党建办) and the party-mass centre (党群服务中心, which runs the 凝新 studio) read
  them (``READ_ROLES``); every read of one member's record is audited
  (``services.member_read``, like the reveal of an ID number). Union, labour and
  other staff see nothing here (403 at the gate).
- The party office and the admin keep the records (``MANAGE_ROLES``): branches,
  members, external training, targets. The centre also runs lectures and visits
  (``LECTURE_ROLES``) and the studio's reminders (``STUDIO_ROLES``).
- A resident sees their own membership only (``own_member``). A resident whose
  registry person is a branch's secretary reviews that branch's self-study entries
  (``entries_to_review``): no role of its own, the secretary link decides.
- Anything of another sub-district does not exist (404).
"""

from django.db.models import QuerySet

from jiedao.accounts.access import one_for_actor, scoped
from jiedao.accounts.actor import Actor
from jiedao.accounts.models import Role
from jiedao.party.models import Branch, CommitteeMember, Lecture, PartyMember, StudyEntry
from jiedao.people.access import own_person
from jiedao.people.models import Person

READ_ROLES = frozenset({Role.SUBDISTRICT_ADMIN, Role.PARTY_OFFICE, Role.PARTY_MASS_CENTRE})
MANAGE_ROLES = frozenset({Role.SUBDISTRICT_ADMIN, Role.PARTY_OFFICE})
LECTURE_ROLES = READ_ROLES
STUDIO_ROLES = READ_ROLES


def can_read(actor: Actor) -> bool:
    return actor.subdistrict_id is not None and actor.has_role(*READ_ROLES)


def can_manage(actor: Actor) -> bool:
    return actor.subdistrict_id is not None and actor.has_role(*MANAGE_ROLES)


def branches_visible_to(actor: Actor) -> QuerySet[Branch]:
    qs = scoped(Branch.objects.all(), actor)
    return qs if can_read(actor) else qs.none()


def branch_for_actor(actor: Actor, pk: int, *, for_update: bool = False) -> Branch:
    qs = branches_visible_to(actor).select_related("secretary", "parent", "residential_area", "unit")
    return one_for_actor(qs, pk, for_update=for_update, may_change=can_manage(actor))


def committee_row_for_actor(actor: Actor, branch: Branch, pk: int, *, for_update: bool = False) -> CommitteeMember:
    """A committee row of ``branch`` (seen by the readers, changed by the managers)."""
    qs = scoped(CommitteeMember.objects.filter(branch=branch), actor)
    return one_for_actor(qs if can_read(actor) else qs.none(), pk, for_update=for_update, may_change=can_manage(actor))


def members_visible_to(actor: Actor) -> QuerySet[PartyMember]:
    qs = scoped(PartyMember.objects.all(), actor)
    return qs if can_read(actor) else qs.none()


def member_for_actor(actor: Actor, pk: int, *, for_update: bool = False) -> PartyMember:
    qs = members_visible_to(actor).select_related("person__residential_area", "person__employer", "branch")
    return one_for_actor(qs, pk, for_update=for_update, may_change=can_manage(actor))


def lectures_visible_to(actor: Actor) -> QuerySet[Lecture]:
    qs = scoped(Lecture.objects.all(), actor)
    return qs if actor.has_role(*LECTURE_ROLES) else qs.none()


def lecture_for_actor(actor: Actor, pk: int) -> Lecture:
    return one_for_actor(lectures_visible_to(actor).select_related("activity", "speaker"), pk)


def own_member(actor: Actor) -> PartyMember | None:
    """The signed-in person's current membership in their sub-district, or None."""
    person = own_person(actor)
    if person is None:
        return None
    return (
        PartyMember.objects.select_related("branch", "person")
        .filter(person=person, transferred_out_on__isnull=True)
        .first()
    )


def secretary_branches(person: Person | None) -> QuerySet[Branch]:
    """The branches whose secretary ``person`` is, while a current party member of
    the sub-district: a secretary transferred out reviews nothing, even before the
    office names a successor."""
    if person is None:
        return Branch.objects.none()
    return Branch.objects.filter(
        subdistrict_id=person.subdistrict_id,
        secretary=person,
        secretary__party_member__subdistrict_id=person.subdistrict_id,
        secretary__party_member__transferred_out_on__isnull=True,
    )


def is_secretary(actor: Actor) -> bool:
    """Whether the actor's own person is the secretary of some branch."""
    return secretary_branches(own_person(actor)).exists()


def entries_to_review(actor: Actor) -> QuerySet[StudyEntry]:
    """The self-study entries of the current members of the branches whose secretary
    is the actor's own person (one branch's secretary never sees another's, nor
    entries of members since transferred out or moved to another branch)."""
    person = own_person(actor)
    return StudyEntry.objects.filter(
        source=StudyEntry.Source.SELF_STUDY,
        member__branch__in=secretary_branches(person),
        member__transferred_out_on__isnull=True,
    ).select_related("member__person", "member__branch")


def entry_for_reviewer(actor: Actor, pk: int) -> StudyEntry:
    return one_for_actor(entries_to_review(actor), pk)


def entry_for_reader(actor: Actor, pk: int) -> StudyEntry:
    """An entry for its evidence photo: the member's own, the reviewing secretary's,
    the readers of party records; else 404."""
    mine = own_member(actor)
    qs = StudyEntry.objects.select_related("member__person")
    if can_read(actor):
        return one_for_actor(scoped(qs, actor), pk)
    entry = entries_to_review(actor).filter(pk=pk).first()
    if entry is not None:
        return entry
    return one_for_actor(qs.filter(member=mine) if mine is not None else qs.none(), pk)
