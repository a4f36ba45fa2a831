"""Who may see and change which people. The one place these rules live:
pages, API, exports and imports all go through these functions."""

from functools import cache
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from jiedao.accounts.access import one_for_actor
from jiedao.accounts.actor import OFFICE_ROLES, Actor
from jiedao.accounts.models import Role
from jiedao.core.handsql import Columns, WithRelated
from jiedao.org.models import ResidentialArea, Unit
from jiedao.people.models import ROLE_FIELDS, Person

# Roles that may reveal a full ID number or phone (one person at a time, audited).
REVEAL_ROLES = frozenset({Role.SUBDISTRICT_ADMIN, Role.LABOUR_OFFICE})
# Roles that may create and edit people within what they can see.
EDIT_ROLES = OFFICE_ROLES | {Role.AREA_UNION_CHAIR, Role.ENTERPRISE_UNION_CHAIR}
# Roles that browse the registry (residents only ever see themselves).
BROWSE_ROLES = EDIT_ROLES
# Roster import writes across the whole sub-district: the offices only.
IMPORT_ROLES = OFFICE_ROLES
# Party membership is sensitive: the registry shows it (the 党员 flag, the party
# category and branch) to these roles and to the person themself only; union
# offices and chairs, the labour office, counsellors… neither see nor write it.
PARTY_ROLES = frozenset({Role.SUBDISTRICT_ADMIN, Role.PARTY_OFFICE, Role.PARTY_MASS_CENTRE})
# The registry fields that say whether, and where, someone is a party member.
PARTY_FIELDS = ("is_party_member", "party_category", "party_branch")
# The audit object type of a change to those fields: read by the party roles only
# (``audit.register_restricted`` in ``PeopleConfig.ready``).
PARTY_AUDIT_TYPE = "people.party"
PARTY_LABEL = ROLE_FIELDS["is_party_member"]  # as ``Person.role_labels`` gives it


def people_visible_to(actor: Actor) -> QuerySet[Person]:
    """The people an actor may see: offices see the whole sub-district, a
    residential-area union chair the residents of the area, an enterprise union
    chair the employees of the unit, a resident only their own record."""
    if not actor.is_authenticated or actor.subdistrict_id is None:
        return Person.objects.none()
    scope = Q(pk__in=[])
    if actor.has_role(*OFFICE_ROLES):
        scope = Q()
    else:
        areas = actor.area_ids(Role.AREA_UNION_CHAIR)
        units = actor.unit_ids(Role.ENTERPRISE_UNION_CHAIR)
        if areas:
            scope |= Q(residential_area_id__in=areas)
        if units:
            scope |= Q(employer_id__in=units)
        scope |= Q(user_id=actor.user.pk if actor.user else None)
    return Person.objects.filter(scope, subdistrict_id=actor.subdistrict_id)


def person_for_actor(actor: Actor, pk: int, *, for_update: bool = False) -> Person:
    """The person ``pk`` if the actor may see it, else 404; with ``for_update``, 403
    unless the actor may also edit it (the person's row only is locked: the joined
    area and employer may be null)."""
    qs = people_visible_to(actor).select_related("residential_area", "employer", "user")
    return one_for_actor(qs, pk, for_update=for_update, may_change=can_edit_people(actor))


def can_edit_people(actor: Actor) -> bool:
    return actor.has_role(*EDIT_ROLES)


def can_reveal(actor: Actor) -> bool:
    return actor.has_role(*REVEAL_ROLES)


def sees_party(actor: Actor, person: Person | None = None) -> bool:
    """Whether ``actor`` may see (and write) the party fields of ``person`` (of
    anyone, without ``person``): the party roles, or the person themself."""
    if actor.has_role(*PARTY_ROLES):
        return True
    return person is not None and actor.user is not None and person.user_id == actor.user.pk


def keep_party(roles: set[str], current: Person | None) -> tuple[set[str], dict[str, str]]:
    """For a writer who may not see party membership: the roles they sent (without
    the party flag, which they never see) plus the stored flag, and the stored
    party category and branch. Nothing of a membership is lost by their save."""
    roles = set(roles) - {"is_party_member"}
    if current is not None and current.is_party_member:
        roles.add("is_party_member")
    return roles, {
        "party_category": current.party_category if current is not None else "",
        "party_branch": current.party_branch if current is not None else "",
    }


def ensure_in_scope(actor: Actor, person: Person) -> None:
    """Refuse a save that would put a person outside what the actor can see: a
    union chair who filed someone under another area would lose the record.
    Called inside the write's transaction, so nothing of the save is kept."""
    if people_visible_to(actor).filter(pk=person.pk).exists():
        return
    errors: dict[str, list[str]] = {}
    if actor.area_ids(*actor.roles):
        errors["residential_area"] = [_("请选择您负责的居民区，否则保存后您将无法再查看此人。")]
    if actor.unit_ids(*actor.roles):
        errors["employer"] = [_("请选择您负责的单位，否则保存后您将无法再查看此人。")]
    raise ValidationError(errors or {"__all__": [_("保存后您将无法再查看此人。")]})


def own_person(actor: Actor) -> Person | None:
    """The registry record of the actor's own account in their sub-district, with
    its employer (None: the account is not linked to a person)."""
    if actor.user is None or actor.subdistrict_id is None:
        return None
    # Read on most of a resident's requests (the home, /auth/me): hand-written, as who is
    # asking is (core.handsql).
    with connection.cursor() as cursor:
        cursor.execute(_own_person_sql(connection.alias), [actor.user.pk, actor.subdistrict_id])
        row = cursor.fetchone()
    return None if row is None else OWN_PERSON.load(row, connection.alias)


OWN_PERSON = WithRelated(
    Columns(Person, "p"), (("employer", Columns(Unit, "e")), ("residential_area", Columns(ResidentialArea, "a")))
)


@cache
def _own_person_sql(using: str) -> str:
    c = connections[using]
    root = OWN_PERSON.root
    return f"{OWN_PERSON.select_from(c)} WHERE {root.column('user', c)} = %s AND {root.column('subdistrict', c)} = %s"


def audit_detail_for(actor: Actor, entry_type: str, detail: dict[str, Any]) -> dict[str, Any]:
    """An audit entry's detail as ``actor`` may read it in the general log: for a
    reader who may not see party membership, a person's changes without the party
    fields and an export's filters without a party role (entries written before party
    facts got their own audit type, ``PARTY_AUDIT_TYPE``, still name them)."""
    if entry_type != Person._meta.label_lower or sees_party(actor):
        return detail
    shown = dict(detail)
    changes = shown.get("changes")
    if isinstance(changes, dict):
        shown["changes"] = {k: v for k, v in changes.items() if k not in PARTY_FIELDS}
    filters = shown.get("filters")
    if isinstance(filters, dict) and filters.get("role") in PARTY_FIELDS:
        shown.pop("filters")
        shown.pop("count", None)
    return shown
