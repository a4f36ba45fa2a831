"""Access declarations for pages and API operations.

Every view and every API operation is wrapped by exactly one of ``public``,
``signed_in`` or ``staff``. The wrapper enforces the role gate and records the
policy on the function, so the access-matrix test can prove that no URL or
operation was left without one. Object-level scope is then decided by each
entity's access function (``person_for_actor`` and the like), which raises
``Http404`` for anything outside the actor's scope. A staff page also holds back a
session that has still to show its second factor (``second_factor.gate``).
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from jiedao.accounts.actor import STAFF_ROLES, Actor, actor_for
from jiedao.accounts.second_factor.gate import needs_verification, redirect_to_verification

F = TypeVar("F", bound=Callable[..., Any])

STAFF_LOGIN_URL = "accounts:login"


@dataclass(frozen=True)
class Policy:
    kind: str  # "public", "signed_in" or "staff"
    roles: frozenset[str] = frozenset()

    def allows(self, actor: Actor) -> bool:
        if self.kind == "public":
            return True
        if not actor.is_authenticated:
            return False
        return self.kind == "signed_in" or actor.has_role(*self.roles)


def request_actor(request: HttpRequest) -> Actor:
    actor = getattr(request, "actor", None)
    if not isinstance(actor, Actor):
        actor = actor_for(getattr(request, "user", None))
        request.actor = actor  # type: ignore[attr-defined]
    return actor


def _declare(policy: Policy) -> Callable[[F], F]:
    def decorate(view: F) -> F:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            actor = request_actor(request)
            if policy.kind != "public" and not actor.is_authenticated:
                # Staff pages to the password login; the rest to the residents' SMS sign-in.
                login_url = STAFF_LOGIN_URL if policy.kind == "staff" else None
                return redirect_to_login(request.get_full_path(), login_url)
            # Every signed-in page, not only the staff ones: a staff session owing its second
            # factor reads nothing (a job's export, a case) through a page residents share.
            if policy.kind != "public" and needs_verification(request, actor):
                return redirect_to_verification(request.get_full_path())
            if not policy.allows(actor):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapper.access_policy = policy  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorate


def public(view: F) -> F:
    return _declare(Policy("public"))(view)


def signed_in(view: F) -> F:
    return _declare(Policy("signed_in"))(view)


def staff(*roles: str) -> Callable[[F], F]:
    """Staff with any of ``roles`` (default: any staff role) in their sub-district."""
    return _declare(Policy("staff", frozenset(roles or STAFF_ROLES)))
