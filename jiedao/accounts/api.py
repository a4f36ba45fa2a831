"""The caller's account in the API: who the caller is, a new password, revoking the
token. Getting a token (by password or by SMS code) is ``residents.api.sign_in``."""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field

from jiedao.accounts.policy import request_actor, signed_in
from jiedao.accounts.services import password_change
from jiedao.accounts.tokens import token_issue, token_revoke
from jiedao.api.refs import Ref
from jiedao.api.responses import refuses
from jiedao.core.errors import TooMany
from jiedao.people.access import own_person

router = Router(tags=["auth"])


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
    bound: bool = Field(description="Whether the account is bound to its person in the registry (实名).")
    person: Ref | None = Field(description="The registry person the account is bound to, or null.")


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
    person = own_person(actor)
    return {
        "username": user.username,
        "display_name": user.display_name,
        "subdistrict": _ref(user.subdistrict),
        "roles": sorted(actor.roles),
        "scopes": [
            {"role": a.role, "residential_area": _ref(a.residential_area), "unit": _ref(a.unit)}
            for a in actor.assignments  # ordered by role and id, their area and unit loaded
        ],
        "bound": person is not None,
        "person": _ref(person),
    }
