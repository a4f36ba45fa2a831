"""Token login for API clients (throttled like the login page: ``accounts.throttle``),
a new password, revocation, and who the caller is."""

from typing import Any

from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from jiedao.accounts.models import RoleAssignment, User
from jiedao.accounts.policy import public, request_actor, signed_in
from jiedao.accounts.services import password_change, record_login
from jiedao.accounts.throttle import take_lockout
from jiedao.accounts.tokens import token_issue, token_revoke
from jiedao.api.errors import ApiError
from jiedao.api.refs import Ref
from jiedao.api.responses import refuses
from jiedao.core.errors import TooMany

router = Router(tags=["auth"])


class Credentials(Schema):
    username: str
    password: str


class PasswordChange(Schema):
    old_password: str
    new_password: str


class TokenOut(Schema):
    token: str
    expires_at: str


class ScopeOut(Schema):
    role: str
    residential_area: Ref | None
    unit: Ref | None


class MeOut(Schema):
    username: str
    display_name: str
    subdistrict: Ref | None
    roles: list[str]
    scopes: list[ScopeOut]


@router.post("/token", auth=None, response=TokenOut)
@public
@refuses(401, 429)  # ApiErrors: wrong credentials, locked out
def issue_token(request: HttpRequest, payload: Credentials) -> dict[str, str]:
    user = authenticate(request, username=payload.username, password=payload.password)
    # Taken from the request, the lock is answered in the API's own error shape, not
    # with the HTML lockout page the axes middleware shows the login form.
    lockout = take_lockout(request, {"username": payload.username})
    if lockout is not None:
        raise ApiError(429, "locked_out", lockout.message, lockout.details)
    if not isinstance(user, User):
        raise ApiError(401, "invalid_credentials", _("用户名或密码错误。"))
    raw, token = token_issue(user=user)
    record_login(user=user, request=request, via="api")
    return {"token": raw, "expires_at": token.expires_at.isoformat()}


@router.post("/password", response=TokenOut)
@signed_in
@refuses(ValidationError, TooMany)  # a wrong old password or a weak new one; locked out
def change_password(request: HttpRequest, payload: PasswordChange) -> dict[str, str]:
    """The caller's new password. Every session and API token of theirs ends, the one
    calling included: the answer is a fresh token."""
    user = request_actor(request).user
    assert user is not None  # signed_in guarantees it
    password_change(user=user, request=request, old_password=payload.old_password, new_password=payload.new_password)
    raw, token = token_issue(user=user)
    return {"token": raw, "expires_at": token.expires_at.isoformat()}


@router.post("/token/revoke", response={204: None})
@signed_in
def revoke_token(request: HttpRequest) -> Status[None]:
    raw = request.headers.get("Authorization", "").partition(" ")[2]
    token_revoke(raw=raw)
    return Status(204, None)


def _ref(obj: Any) -> dict[str, Any] | None:
    return {"id": obj.pk, "name": obj.name} if obj is not None else None


@router.get("/me", response=MeOut)
@signed_in
def me(request: HttpRequest) -> dict[str, Any]:
    actor = request_actor(request)
    user = actor.user
    assert user is not None  # signed_in guarantees it
    assignments = RoleAssignment.objects.filter(pk__in=[a.pk for a in actor.assignments]).select_related(
        "residential_area", "unit"
    )
    return {
        "username": user.username,
        "display_name": user.display_name,
        "subdistrict": _ref(user.subdistrict),
        "roles": sorted(actor.roles),
        "scopes": [
            {"role": a.role, "residential_area": _ref(a.residential_area), "unit": _ref(a.unit)}
            for a in sorted(assignments, key=lambda a: (a.role, a.pk))
        ],
    }
