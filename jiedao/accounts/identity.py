"""Who is asking, in one statement: the user, their sub-district and the role assignments
they hold today (with area and unit), found by a session's user id or a token's digest.

Every page and API call needs all of it. Through the ORM it took two to three querysets
whose compiling alone cost about 1.5 ms a request (docs/benchmarks.md); this statement is
written once per process from the models' metadata (``core.handsql``) and costs about
0.05 ms. The user it returns carries its assignments for ``actor.actor_for``.
"""

from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connections
from django.utils import timezone

from jiedao.accounts.models import ApiToken, RoleAssignment, User
from jiedao.core.handsql import Columns
from jiedao.org.models import ResidentialArea, Subdistrict, Unit

USER = Columns(User, "u")
SUBDISTRICT = Columns(Subdistrict, "s")
ASSIGNMENT = Columns(RoleAssignment, "ra")
AREA = Columns(ResidentialArea, "a")
UNIT = Columns(Unit, "n")
TOKEN = Columns(ApiToken, "t", only=("user", "expires_at", "revoked_at", "last_used_at"))
READ = (USER, SUBDISTRICT, ASSIGNMENT, AREA, UNIT)

# The attribute of a loaded user holding its assignments (read by ``actor.actor_for``).
ASSIGNMENTS = "_current_assignments"


@dataclass(frozen=True)
class TokenIdentity:
    user: User
    token: ApiToken  # id, user, expiry, revocation and last use only


@cache
def _statement(using: str, by: str) -> str:
    connection = connections[using]

    def col(columns: Columns[Any], name: str) -> str:
        return columns.column(name, connection)

    selected = [c.select(connection) for c in READ]
    joins = [
        f"LEFT JOIN {SUBDISTRICT.table(connection)} ON {col(SUBDISTRICT, 'id')} = {col(USER, 'subdistrict')}",
        # RoleAssignmentQuerySet.current(), in SQL: no end date, or ending today or later.
        f"LEFT JOIN {ASSIGNMENT.table(connection)} ON {col(ASSIGNMENT, 'user')} = {col(USER, 'id')}"
        f" AND {col(ASSIGNMENT, 'subdistrict')} = {col(USER, 'subdistrict')}"
        f" AND ({col(ASSIGNMENT, 'ends_on')} IS NULL OR {col(ASSIGNMENT, 'ends_on')} >= %s)",
        f"LEFT JOIN {AREA.table(connection)} ON {col(AREA, 'id')} = {col(ASSIGNMENT, 'residential_area')}",
        f"LEFT JOIN {UNIT.table(connection)} ON {col(UNIT, 'id')} = {col(ASSIGNMENT, 'unit')}",
    ]
    if by == "token":
        selected.append(TOKEN.select(connection))
        joins.append(f"JOIN {TOKEN.table(connection)} ON {col(TOKEN, 'user')} = {col(USER, 'id')}")
        where = f"{col(TOKEN, 'digest')} = %s"
    else:
        where = f"{col(USER, 'id')} = %s"
    # Names from the models' metadata, values as parameters: nothing from a request in the text.
    return (
        f"SELECT {', '.join(selected)} FROM {USER.table(connection)} {' '.join(joins)}"  # noqa: S608
        f" WHERE {where} ORDER BY {col(ASSIGNMENT, 'role')}, {col(ASSIGNMENT, 'id')}"
    )


# Always the primary ("default"), never a replica: a role withdrawn or a token revoked a
# moment ago must count at once (docs/scaling.md, read replicas).
def _rows(by: str, key: Any, using: str = "default") -> list[tuple[Any, ...]]:
    connection = connections[using]
    today: date = timezone.localdate()
    with connection.cursor() as cursor:
        cursor.execute(_statement(using, by), [connection.ops.adapt_datefield_value(today), key])
        rows: list[tuple[Any, ...]] = cursor.fetchall()
    return rows


def _user(rows: list[tuple[Any, ...]], using: str = "default") -> User | None:
    """The user of the rows (one per assignment held), their sub-district and assignments
    attached as ``select_related`` would have."""
    if not rows:
        return None
    user = USER.load(rows[0], 0, using)
    assert user is not None
    at = len(USER)
    user.subdistrict = SUBDISTRICT.load(rows[0], at, using)
    at += len(SUBDISTRICT)
    assignments = []
    for row in rows:
        assignment = ASSIGNMENT.load(row, at, using)
        if assignment is None:  # holds none today
            continue
        assignment.user = user
        assignment.subdistrict = user.subdistrict  # type: ignore[assignment]  # the same: joined on it
        assignment.residential_area = AREA.load(row, at + len(ASSIGNMENT), using)
        assignment.unit = UNIT.load(row, at + len(ASSIGNMENT) + len(AREA), using)
        assignments.append(assignment)
    setattr(user, ASSIGNMENTS, tuple(assignments))
    return user


def assignments_of(user: User | None) -> tuple[RoleAssignment, ...]:
    """The assignments a loaded user carries (none for None)."""
    found: tuple[RoleAssignment, ...] = getattr(user, ASSIGNMENTS, ())
    return found


def by_user_id(user_id: Any) -> User | None:
    """The user of a session (whatever their state: the caller checks it)."""
    try:
        user_id = User._meta.pk.to_python(user_id)
    except (ValidationError, TypeError, ValueError):  # a session naming no valid id: nobody
        return None
    if user_id is None or not -(2**63) <= user_id < 2**63:  # no such key, and SQLite could not even bind it
        return None
    return _user(_rows("user", user_id))


def by_token_digest(digest: str) -> TokenIdentity | None:
    """The token with this digest and its user (whatever their state: the caller checks it)."""
    rows = _rows("token", digest)
    user = _user(rows)
    if user is None:
        return None
    token = TOKEN.load(rows[0], sum(len(c) for c in READ), "default")
    assert token is not None
    token.user = user
    return TokenIdentity(user=user, token=token)
