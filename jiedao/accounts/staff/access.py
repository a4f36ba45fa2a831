"""Which accounts are staff accounts, and which of them an actor reaches.

A staff account holds a staff role (``actor.STAFF_ROLES``) in its own sub-district,
current or ended by its date; a resident's account holds none and is no business of
these pages. Only the sub-district admin reaches them, and only those of their own
sub-district: anything else is a 404 (``one_for_actor``), as for ``user_for_actor``.
"""

from django.db.models import Exists, F, OuterRef, QuerySet
from django.utils.http import urlsafe_base64_decode

from jiedao.accounts.access import one_for_actor, scoped
from jiedao.accounts.actor import STAFF_ROLES, Actor
from jiedao.accounts.models import Role, RoleAssignment, User
from jiedao.core.converters import MAX_ID

MANAGER_ROLES = frozenset({Role.SUBDISTRICT_ADMIN})


def tenant_rows() -> QuerySet[RoleAssignment]:
    """Assignments in their user's own sub-district (the only ones ``actor_for`` counts)."""
    return RoleAssignment.objects.filter(subdistrict_id=F("user__subdistrict_id"))


def staff_accounts(actor: Actor) -> QuerySet[User]:
    """The staff accounts of the actor's sub-district; none unless the actor is its admin."""
    if not actor.has_role(*MANAGER_ROLES):
        return User.objects.none()
    holds_one = RoleAssignment.objects.filter(
        user=OuterRef("pk"), subdistrict_id=OuterRef("subdistrict_id"), role__in=STAFF_ROLES
    )
    return scoped(User.objects.filter(Exists(holds_one)), actor)


def staff_member_for_actor(actor: Actor, pk: object, *, for_update: bool = False) -> User:
    """One staff account the actor manages (locked with ``for_update`` inside the
    caller's transaction); 404 for any other account."""
    return one_for_actor(staff_accounts(actor), pk, for_update=for_update)


def assignment_for_actor(actor: Actor, pk: object, *, for_update: bool = False) -> RoleAssignment:
    """One staff role of an account the actor manages; 404 for any other assignment."""
    assignments = tenant_rows().filter(role__in=STAFF_ROLES, user__in=staff_accounts(actor))
    return one_for_actor(assignments.select_related("user"), pk, for_update=for_update)


def holds_staff_role(user: User) -> bool:
    """Whether ``user`` holds a staff role today: only such an account is sent a link
    that sets a password, or may use one (residents sign in by SMS)."""
    return (
        user.subdistrict_id is not None
        and RoleAssignment.objects.current()
        .filter(user=user, subdistrict_id=user.subdistrict_id, role__in=STAFF_ROLES)
        .exists()
    )


def linked_account(uidb64: str) -> User | None:
    """The active staff account a one-time link names, or None for anything else (a
    resident's account, an id no database column holds, text that is no id)."""
    try:
        uid = urlsafe_base64_decode(uidb64).decode()
    except ValueError:
        return None
    if not (uid.isascii() and uid.isdecimal() and len(uid) <= 19 and 1 <= int(uid) <= MAX_ID):
        return None
    user = User.objects.select_related("subdistrict").filter(pk=int(uid), is_active=True).first()
    return user if user is not None and holds_staff_role(user) else None
