"""Login throttling: two rules on django-axes' failure records (docs/security.md).

1. One account from one address: ``AXES_FAILURE_LIMIT`` failures lock that
   (username, address) pair for ``AXES_COOLOFF_TIME`` — axes' own rule
   (``AXES_LOCKOUT_PARAMETERS``). Guessing one person's password is slowed; the
   person still signs in from any other address, and an office admin can lift the
   lock (``services.login_unlock``).
2. One address across accounts: ``AXES_ADDRESS_FAILURE_LIMIT`` failures within the
   same cool-off lock the address for every account — one password tried on many
   accounts (spraying). Axes compares every lockout parameter with one limit, so this
   handler adds the second rule with its own.

A failure is counted under the username as typed, cut to the length of axes' column
(``counted_username``). An attempt refused by a lock is not counted
(``AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT`` off): hammering a locked pair neither
prolongs its lock nor adds up to an address lock.
The login page and ``POST /api/v1/auth/token`` both go through
``django.contrib.auth.authenticate`` and so through these rules alike.
"""

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_ip_address, get_client_username, get_cool_off
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

# axes' column for the username a failure is counted under (255 characters); no account
# has a longer name (150 at most).
_USERNAME_COLUMN = AccessAttempt._meta.get_field("username").max_length


def counted_username(request: HttpRequest, credentials: dict[str, Any] | None = None) -> str | None:
    """The username axes counts a failed login under (``AXES_USERNAME_CALLABLE``): the
    one tried, cut to what axes' column holds. A longer one used to fail the write on
    PostgreSQL, a 500 that anyone could get at the login page or the token endpoint."""
    source = credentials if credentials else request.POST
    username = source.get("username")
    return None if username is None else str(username)[:_USERNAME_COLUMN]


def cool_off() -> timedelta:
    period = get_cool_off()
    assert isinstance(period, timedelta)  # settings.AXES_COOLOFF_TIME
    return period


def counted_failures() -> QuerySet[AccessAttempt]:
    """The failure records still counted: last failure within the cool-off."""
    records: QuerySet[AccessAttempt] = AccessAttempt.objects.filter(attempt_time__gte=timezone.now() - cool_off())
    return records


def lifts_at(records: Iterable[tuple[datetime, int]], limit: int) -> datetime | None:
    """When a lock over ``records`` (each: time of its last failure, failures) lifts,
    or None if they are under ``limit``. A record stops counting one cool-off after
    its last failure, as axes counts them."""
    ordered = sorted(records)
    total = sum(failures for _, failures in ordered)
    if total < limit:
        return None
    for last, failures in ordered:  # the oldest stops counting first
        total -= failures
        if total < limit:
            return last + cool_off()
    return None  # not reached: the total ends at 0


def _records(attempts: QuerySet[AccessAttempt]) -> list[tuple[datetime, int]]:
    return list(attempts.values_list("attempt_time", "failures_since_start"))


def address_lifts_at(address: str | None) -> datetime | None:
    """When the address rule's lock on ``address`` lifts, or None if it is not locked."""
    if not address:
        return None
    return lifts_at(_records(counted_failures().filter(ip_address=address)), settings.AXES_ADDRESS_FAILURE_LIMIT)


def pair_lifts_at(username: str | None, address: str | None) -> datetime | None:
    """When the lock on ``username`` at ``address`` lifts, or None if it is not locked."""
    if not username or not address:
        return None
    attempts = counted_failures().filter(username=username, ip_address=address)
    return lifts_at(_records(attempts), settings.AXES_FAILURE_LIMIT)


class LoginThrottle(AxesDatabaseHandler):  # type: ignore[misc]  # axes ships no types
    """Axes' database handler with the address rule (rule 2) added."""

    def is_locked(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> bool:
        if super().is_locked(request, credentials):
            return True
        return address_lifts_at(request.axes_ip_address) is not None  # type: ignore[attr-defined]

    def user_login_failed(
        self, sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
    ) -> None:
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is None or request.axes_locked_out:  # type: ignore[attr-defined]
            return
        address = request.axes_ip_address  # type: ignore[attr-defined]
        if address_lifts_at(address) is not None:  # this failure reached the address's limit
            request.axes_locked_out = True  # type: ignore[attr-defined]
            request.axes_credentials = credentials  # type: ignore[attr-defined]
            user_locked_out.send(
                "axes", request=request, username=get_client_username(request, credentials), ip_address=address
            )


@dataclass(frozen=True)
class Lockout:
    """Why a login was refused and for how long."""

    whole_address: bool  # rule 2: every account from this address
    retry_after: int | None  # seconds; None if unknown

    @property
    def minutes(self) -> int | None:
        return None if self.retry_after is None else max(1, math.ceil(self.retry_after / 60))

    @property
    def details(self) -> dict[str, int]:
        """For the API's error shape."""
        return {} if self.retry_after is None else {"retry_after": self.retry_after}

    @property
    def message(self) -> str:
        if self.whole_address:
            return _("此网络地址的登录失败次数过多，已暂停从此处登录，请稍后再试。")
        return _("登录失败次数过多，账号已暂时锁定，请稍后再试或联系街道管理员解除锁定。")


def lockout_of(request: HttpRequest, credentials: dict[str, Any] | None = None) -> Lockout:
    """The lock that refused this request, and when the last lock on it lifts."""
    address = get_client_ip_address(request)
    whole = address_lifts_at(address)
    ends = [t for t in (whole, pair_lifts_at(get_client_username(request, credentials), address)) if t is not None]
    seconds = max(1, math.ceil((max(ends) - timezone.now()).total_seconds())) if ends else None
    return Lockout(whole_address=whole is not None, retry_after=seconds)


def take_lockout(request: HttpRequest, credentials: dict[str, Any] | None = None) -> Lockout | None:
    """The lock that refused the authentication just attempted on ``request``, if any.
    Taken: the axes middleware will not swap the answer for the lockout page, so the
    caller (the API, a form) answers in its own shape."""
    if not getattr(request, "axes_locked_out", False):
        return None
    request.axes_locked_out = False  # type: ignore[attr-defined]
    return lockout_of(request, credentials or getattr(request, "axes_credentials", None))


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict[str, Any] | None = None
) -> HttpResponse:
    """The login page's answer to a locked-out attempt (``AXES_LOCKOUT_CALLABLE``)."""
    lockout = lockout_of(request, credentials)
    return render(request, "accounts/locked_out.html", {"lockout": lockout}, status=429)
