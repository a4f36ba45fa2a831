"""Which roles need a second factor: derived here from the programmes' own access
functions, so ``SECOND_FACTOR_ROLES`` (written out in accounts, which imports no
programme) cannot fall behind them."""

import pytest

from jiedao.accounts.actor import SECOND_FACTOR_ROLES, Actor
from jiedao.accounts.models import Role, RoleAssignment, User
from jiedao.counselling import access as counselling
from jiedao.legalaid import access as legalaid
from jiedao.people.access import can_reveal


def holding(role: str) -> Actor:
    """Someone holding ``role`` alone (nothing is read from the database)."""
    user = User(pk=1, username="someone", subdistrict_id=1)
    return Actor(user=user, subdistrict_id=1, assignments=(RoleAssignment(user=user, role=role, subdistrict_id=1),))


def reads_counselling_records(actor: Actor) -> bool:
    """The record pages' two ways in: the counsellor's own appointments, the supervisor's."""
    return not (
        counselling.own_appointments(actor).query.is_empty() and counselling.supervised_records(actor).query.is_empty()
    )


def reads_legal_aid_cases(actor: Actor) -> bool:
    """The case pages' staff ways in: the handler's caseload, the supervisor's sub-district
    (a worker reads only their own case, as a resident)."""
    return not (legalaid.caseload(actor).query.is_empty() and legalaid.supervised_cases(actor).query.is_empty())


def reads_records(actor: Actor) -> bool:
    return can_reveal(actor) or reads_counselling_records(actor) or reads_legal_aid_cases(actor)


def test_the_roles_are_those_that_reveal_id_numbers_or_read_records() -> None:
    derived = {role for role in Role if reads_records(holding(role))}
    # The union federation keeps the dues ledger.
    assert derived | {Role.UNION_FEDERATION} == SECOND_FACTOR_ROLES


@pytest.mark.parametrize("role", sorted(set(Role) - SECOND_FACTOR_ROLES))
def test_the_other_roles_reach_neither(role: str) -> None:
    actor = holding(role)
    assert not reads_records(actor)
    assert not actor.has_role(*counselling.READ_ROLES, *legalaid.CASE_STAFF_ROLES)
