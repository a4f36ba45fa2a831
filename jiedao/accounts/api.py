"""Token login for API clients, revocation, and who the caller is."""

from typing import Any

from django.contrib.auth import authenticate
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from jiedao.accounts.models import RoleAssignment, User
from jiedao.accounts.policy import public, request_actor, signed_in
from jiedao.accounts.services import record_login
from jiedao.accounts.tokens import token_issue, token_revoke
from jiedao.api.errors import ApiError
from jiedao.api.refs import Ref

router = Router(tags=["auth"])


class Credentials(Schema):
    username: str
    password: str


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
def issue_token(request: HttpRequest, payload: Credentials) -> dict[str, str]:
    user = authenticate(request, username=payload.username, password=payload.password)
    if getattr(request, "axes_locked_out", False):
        # Answer in the API's own error shape; without this the axes middleware
        # would swap the response for the HTML lockout page meant for the login form.
        request.axes_locked_out = False  # type: ignore[attr-defined]
        raise ApiError(429, "locked_out", _("登录失败次数过多，账号已暂时锁定，请稍后再试。"))
    if not isinstance(user, User):
        raise ApiError(401, "invalid_credentials", _("用户名或密码错误。"))
    raw, token = token_issue(user=user)
    record_login(user=user, request=request, via="api")
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
