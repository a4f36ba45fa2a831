from django.contrib.auth import authenticate
from django.http import HttpRequest
from ninja import Router, Schema

from jiedao.accounts.models import User
from jiedao.accounts.policy import public, signed_in
from jiedao.accounts.tokens import token_issue, token_revoke
from jiedao.api.errors import ApiError

router = Router(tags=["auth"])


class Credentials(Schema):
    username: str
    password: str


class TokenOut(Schema):
    token: str
    expires_at: str


@router.post("/token", auth=None, response=TokenOut)
@public
def issue_token(request: HttpRequest, payload: Credentials) -> dict[str, str]:
    user = authenticate(request, username=payload.username, password=payload.password)
    if not isinstance(user, User):
        raise ApiError(401, "invalid_credentials", "用户名或密码错误，或账号已被暂时锁定。")
    raw, token = token_issue(user=user)
    return {"token": raw, "expires_at": token.expires_at.isoformat()}


@router.post("/token/revoke", response={204: None})
@signed_in
def revoke_token(request: HttpRequest) -> tuple[int, None]:
    raw = request.headers.get("Authorization", "").partition(" ")[2]
    token_revoke(raw=raw)
    return 204, None
