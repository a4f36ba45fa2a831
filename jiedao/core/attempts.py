"""A limit on refused attempts of one account, counted from the audit log.

Some refusals are hints to whoever provokes them (an ID number registered outside
one's scope, a name and ID number that match nobody). Each is audited as
``AuditEntry.Action.REFUSED`` with a ``detail["reason"]`` (``audit.record_refusal``),
and ``check_refusal_limit`` refuses the next attempt once an account has had ``limit``
of one reason within the window, until the oldest of them leaves it. The count is
read from the database, so it holds across app servers and restarts; two attempts at
the same instant may both pass the check (a guard against probing, not a quota).
``seconds_to_wait`` is the count itself, for any other limit kept in the audit log
(the password reset requests of ``accounts.staff.reset``).
"""

import datetime as dt
import math
from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from jiedao.core.errors import TooMany
from jiedao.core.models import AuditEntry


def check_refusal_limit(
    *,
    user: Any,
    reason: str,
    limit: int,
    window: dt.timedelta,
    message: Callable[[int], str],
    field: str | None = None,
) -> None:
    """Raise ``TooMany`` (``retry_after``: the seconds to wait; ``message(minutes)``
    its text, on ``field``) when ``user`` has had ``limit`` refusals of ``reason``
    within ``window``. No limit for a limit of 0 or an unsaved or missing user."""
    if getattr(user, "pk", None) is None:
        return
    refusals = AuditEntry.objects.filter(actor=user, action=AuditEntry.Action.REFUSED, detail__reason=reason)
    if seconds := seconds_to_wait(refusals, limit=limit, window=window):
        raise TooMany(message(math.ceil(seconds / 60)), details={"retry_after": seconds}, field=field)


def seconds_to_wait(entries: QuerySet[AuditEntry], *, limit: int, window: dt.timedelta) -> int:
    """0 while fewer than ``limit`` of ``entries`` lie within ``window``; else the seconds
    (at least 1) until the oldest of the latest ``limit`` leaves it. One query, reading
    at most ``limit`` timestamps; no limit for a limit of 0."""
    if limit <= 0:
        return 0
    now = timezone.now()
    recent = list(
        entries.filter(created_at__gt=now - window).order_by("-created_at").values_list("created_at", flat=True)[:limit]
    )
    if len(recent) < limit:
        return 0
    return max(math.ceil((recent[-1] + window - now).total_seconds()), 1)
