"""Token login for API clients (``/auth/sms-code``, ``/auth/token``): a username and
password (throttled like the login page: ``accounts.throttle``; with the second factor
where one is asked) or, for residents, a mobile number and the code sent to it by SMS
(``residents.accounts``). Here, not in ``accounts``, because accounts imports nothing
of the residents' side; the rest of ``/auth`` (who the caller is, a new password,
revocation) stays in ``accounts.api``."""

from typing import Annotated, Self

from django.conf import settings
from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from pydantic import Field, model_validator

from jiedao.accounts.api import TokenOut
from jiedao.accounts.models import User
from jiedao.accounts.policy import public
from jiedao.accounts.second_factor.services import check_second_factor
from jiedao.accounts.services import record_login
from jiedao.accounts.throttle import take_lockout
from jiedao.accounts.tokens import token_issue
from jiedao.api.errors import ApiError
from jiedao.api.responses import refuses
from jiedao.core.errors import Forbidden, Invalid, TooMany
from jiedao.residents import accounts as residents
from jiedao.residents.codes import CodeNotSent

router = Router(tags=["auth"])

# Bounds of what a client may send as a number or a code (the services check the rest).
Phone = Annotated[str, Field(max_length=64, description="A mainland Chinese mobile number (11 digits).")]
Code = Annotated[str, Field(max_length=32, description="The 6-digit code sent by SMS.")]


class Credentials(Schema):
    """Either ``username`` and ``password`` (staff, and residents who have a password),
    with ``otp`` where a second factor is required; or ``phone`` and ``code``, the code
    sent to the phone by ``POST /auth/sms-code`` (residents; the first sign-in of a
    number makes its account). Exactly one of the two pairs."""

    model_config = {
        "json_schema_extra": {"oneOf": [{"required": ["username", "password"]}, {"required": ["phone", "code"]}]}
    }

    username: str | None = None
    password: str | None = None
    otp: Annotated[str | None, Field(max_length=32, description="The second factor's code, where one is required.")] = (
        None
    )
    phone: Phone | None = None
    code: Code | None = None

    @model_validator(mode="after")
    def one_way_in(self) -> Self:
        by_password = self.username is not None and self.password is not None
        by_phone = self.phone is not None and self.code is not None
        if by_password == by_phone:
            raise ValueError("send either username and password, or phone and code")
        return self


class PhoneIn(Schema):
    phone: Phone


class CodeSent(Schema):
    resend_after: int = Field(description="Seconds before another code may be asked for this number.")
    expires_in: int = Field(description="Seconds the code is valid.")


@router.post("/sms-code", auth=None, response={202: CodeSent})
@public
@refuses(ValidationError, TooMany, 503)  # a malformed number; too many codes; the SMS not sent
def send_sms_code(request: HttpRequest, payload: PhoneIn) -> Status[dict[str, int]]:
    """Send a sign-in code by SMS. The answer is the same whether the number has an
    account or not; the account is made at its first ``POST /auth/token``."""
    try:
        residents.request_code(phone=payload.phone, request=request)
    except (CodeNotSent, residents.NoHomeSubdistrict) as exc:
        raise ApiError(503, exc.code, exc.message) from None
    sent = {
        "resend_after": settings.JIEDAO_SMS_CODE_INTERVAL_SECONDS,
        "expires_in": settings.JIEDAO_SMS_CODE_MINUTES * 60,
    }
    return Status(202, sent)


@router.post("/token", auth=None, response=TokenOut)
@public
# 401: wrong credentials, a staff or inactive account by SMS; 429: locked out; 400: the
# number or the code refused (malformed, wrong, expired, void after too many tries).
@refuses(401, 429, ValidationError, Invalid)
def issue_token(request: HttpRequest, payload: Credentials) -> dict[str, str]:
    if payload.username is not None and payload.password is not None:
        user = _by_password(request, payload.username, payload.password, payload.otp)
        raw, token = token_issue(user=user)
        record_login(user=user, request=request, via="api")
    else:
        assert payload.phone is not None and payload.code is not None  # Credentials.one_way_in
        user = _by_code(request, payload.phone, payload.code)  # the login is recorded there
        raw, token = token_issue(user=user)
    return {"token": raw, "expires_at": token.expires_at.isoformat()}


def _by_code(request: HttpRequest, phone: str, code: str) -> User:
    try:
        return residents.sign_in_with_code(phone=phone, code=code, request=request, via="sms-api")
    except Forbidden as exc:  # a staff or inactive account: no token this way
        raise ApiError(401, exc.code, exc.message) from None


def _by_password(request: HttpRequest, username: str, password: str, otp: str | None) -> User:
    """``otp``: the second factor, where the user's roles (or their own choice) ask one."""
    user = authenticate(request, username=username, password=password)
    # Taken from the request, the lock is answered in the API's own error shape, not
    # with the HTML lockout page the axes middleware shows the login form.
    lockout = take_lockout(request, {"username": username})
    if lockout is not None:
        raise ApiError(429, "locked_out", lockout.message, lockout.details)
    if not isinstance(user, User):
        raise ApiError(401, "invalid_credentials", _("用户名或密码错误。"))
    check_second_factor(user, otp, request=request)  # Unauthenticated (401) or TooMany (429)
    return user
