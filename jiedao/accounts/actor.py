"""Who is asking: the user with the role assignments of their own sub-district.

Every access function takes an ``Actor``. Built once per request (pages and API
alike) so that scope checks never query role assignments twice.
"""

from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser

from jiedao.accounts import identity
from jiedao.accounts.models import Role, RoleAssignment, User

# Offices that act for the whole sub-district.
OFFICE_ROLES = frozenset(
    {Role.SUBDISTRICT_ADMIN, Role.PARTY_OFFICE, Role.PARTY_MASS_CENTRE, Role.LABOUR_OFFICE, Role.UNION_FEDERATION}
)
STAFF_ROLES = frozenset(r for r in Role if r != Role.RESIDENT)
# Roles whose holders pass a second factor at login when JIEDAO_REQUIRE_SECOND_FACTOR is on
# (docs/security.md): those that reveal full ID numbers (people.access.REVEAL_ROLES) or read
# counselling records (counselling.access.READ_ROLES) or legal-aid cases (legal-aid handlers
# and their supervisor), and the union federation, which keeps the dues ledger. Written out here because accounts imports no programme;
# jiedao/accounts/tests/test_second_factor_roles.py derives the set from those access
# functions, so it cannot fall behind them.
SECOND_FACTOR_ROLES = frozenset(
    {
        Role.SUBDISTRICT_ADMIN,
        Role.LABOUR_OFFICE,
        Role.COUNSELLOR,
        Role.COUNSELLING_SUPERVISOR,
        Role.UNION_FEDERATION,
        Role.LEGAL_AID_HANDLER,
        Role.LEGAL_AID_SUPERVISOR,
    }
)


@dataclass(frozen=True)
class Actor:
    user: User | None
    subdistrict_id: int | None = None
    assignments: tuple[RoleAssignment, ...] = field(default_factory=tuple)

    @property
    def is_authenticated(self) -> bool:
        return self.user is not None

    @property
    def roles(self) -> frozenset[str]:
        return frozenset(a.role for a in self.assignments)

    def has_role(self, *roles: str) -> bool:
        return not self.roles.isdisjoint(roles)

    @property
    def is_staff_member(self) -> bool:
        return not self.roles.isdisjoint(STAFF_ROLES)

    @property
    def is_office(self) -> bool:
        return not self.roles.isdisjoint(OFFICE_ROLES)

    def area_ids(self, *roles: str) -> frozenset[int]:
        return frozenset(
            a.residential_area_id for a in self.assignments if a.role in roles and a.residential_area_id is not None
        )

    def unit_ids(self, *roles: str) -> frozenset[int]:
        return frozenset(a.unit_id for a in self.assignments if a.role in roles and a.unit_id is not None)


ANONYMOUS = Actor(user=None)


def actor_for(user: User | AnonymousUser | None) -> Actor:
    if user is None or not user.is_authenticated:
        return ANONYMOUS
    assert isinstance(user, User)
    if user.subdistrict_id is None:  # e.g. a superuser: no programme roles
        return Actor(user=user)
    # A request's user was read with its assignments of today (accounts.identity: sessions
    # and tokens alike); any other user's are read here.
    assignments: tuple[RoleAssignment, ...] | None = getattr(user, identity.ASSIGNMENTS, None)
    if assignments is None:
        assignments = identity.assignments_of(identity.by_user_id(user.pk))
        for assignment in assignments:
            assignment.user = user
    return Actor(user=user, subdistrict_id=user.subdistrict_id, assignments=assignments)
