"""Reads of the accounts app: the logins currently locked in an office's sub-district."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings

from jiedao.accounts.access import scoped
from jiedao.accounts.actor import Actor
from jiedao.accounts.models import User
from jiedao.accounts.throttle import counted_failures, lifts_at


@dataclass(frozen=True)
class LockedLogin:
    """One of the office's users, locked at one address (``throttle``'s rule 1)."""

    user: User
    address: str
    failures: int
    lifts_at: datetime


def locked_logins(actor: Actor) -> list[LockedLogin]:
    """The users of the actor's sub-district locked at some address now, latest lock
    first. Two queries, whatever the number of failures."""
    users = scoped(User.objects.all(), actor)
    records = counted_failures().filter(username__in=users.values("username"))
    pairs: defaultdict[tuple[str, str], list[tuple[datetime, int]]] = defaultdict(list)
    for username, address, last, failures in records.values_list(
        "username", "ip_address", "attempt_time", "failures_since_start"
    ):
        pairs[(username, address or "")].append((last, failures))
    locked = {
        pair: (until, sum(n for _, n in failures))
        for pair, failures in pairs.items()
        if (until := lifts_at(failures, settings.AXES_FAILURE_LIMIT)) is not None
    }
    by_name = {u.username: u for u in users.filter(username__in={name for name, _ in locked})}
    rows = [
        LockedLogin(user=by_name[name], address=address, failures=failures, lifts_at=until)
        for (name, address), (until, failures) in locked.items()
    ]
    return sorted(rows, key=lambda row: (row.lifts_at, row.user.pk), reverse=True)
