"""Reads of the staff pages: the list of staff accounts and one account's roles."""

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from jiedao.accounts.actor import STAFF_ROLES, Actor
from jiedao.accounts.models import RoleAssignment, User
from jiedao.accounts.staff.access import staff_accounts, tenant_rows

# The list's filter on an account's state.
ACTIVE, INACTIVE, PENDING = "active", "inactive", "pending"


def _staff_roles() -> QuerySet[RoleAssignment]:
    return (
        tenant_rows()
        .filter(role__in=STAFF_ROLES)
        .select_related("residential_area", "unit")
        .order_by("role", "residential_area__name", "unit__name", "pk")
    )


def staff_search(actor: Actor, *, q: str = "", state: str = "", role: str = "") -> QuerySet[User]:
    """The admin's staff accounts whose name or username holds ``q``, in ``state``
    (active, deactivated, or active without a password yet: the invitation not used),
    holding ``role`` today; each with its staff roles (``staff_roles``), by username.
    Two queries for a page: the accounts, their roles."""
    accounts = staff_accounts(actor)
    if q:
        accounts = accounts.filter(Q(username__icontains=q) | Q(display_name__icontains=q))
    if state == ACTIVE:
        accounts = accounts.filter(is_active=True)
    elif state == INACTIVE:
        accounts = accounts.filter(is_active=False)
    elif state == PENDING:
        accounts = accounts.filter(is_active=True, password__startswith=UNUSABLE_PASSWORD_PREFIX)
    if role:
        held = RoleAssignment.objects.current().filter(
            user=OuterRef("pk"), subdistrict_id=OuterRef("subdistrict_id"), role=role
        )
        accounts = accounts.filter(Exists(held))
    return accounts.prefetch_related(Prefetch("role_assignments", _staff_roles(), to_attr="staff_roles")).order_by(
        "username", "pk"
    )


def roles_of(user: User) -> list[RoleAssignment]:
    """The account's staff roles in its sub-district, current and ended by their date."""
    return list(_staff_roles().filter(user=user))
