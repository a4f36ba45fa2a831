"""QR sign-in over the API: the organiser's screen (or an app) fetches the
current token, a resident's app posts it back.

``POST /sessions/{id}/sign-in`` is ``signed_in``: anyone with an account may
sign in, as themselves (the person of their account), with a fresh token of that
session. The organiser operations are for the staff who run the activity
(``access.session_for_actor``: 404 outside their scope).
"""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from pydantic import BaseModel

from jiedao.accounts.policy import request_actor, signed_in, staff
from jiedao.activities import qr, services
from jiedao.activities.access import ORGANISER_ROLES, session_for_actor, session_to_scan
from jiedao.activities.models import Attendance
from jiedao.activities.selectors import attendance_of
from jiedao.api.pagination import Page, PageQuery, paginate
from jiedao.api.refs import Ref
from jiedao.api.responses import refuses
from jiedao.api.types import Id
from jiedao.core.errors import Conflict, Invalid

router = Router(tags=["activities"])


class SignInTokenOut(BaseModel):
    token: str
    expires_at: dt.datetime = Field(description="此后不再接受（自本轮起2分钟）")
    rotates_at: dt.datetime = Field(description="屏幕换下一个签到码的时间（每30秒）")
    mode: str = Field(description="in 签到 / out 签退")
    url: str = Field(description="二维码中的居民签到页地址")


class TokenQuery(Schema):
    mode: str = Field(qr.Mode.IN, pattern="^(in|out)$", description="in 签到（默认）/ out 签退")


class SignInIn(Schema):
    token: str = Field(max_length=200)


class AttendanceOut(BaseModel):
    id: int
    session: int
    person: Ref
    category: str
    category_label: str
    unit: str = Field(description="工作单位或受邀单位")
    method: str
    signed_in_at: dt.datetime
    signed_out_at: dt.datetime | None


def _row(attendance: Attendance) -> dict[str, Any]:
    return {
        "id": attendance.pk,
        "session": attendance.session_id,
        "person": {"id": attendance.person.pk, "name": attendance.person.name},
        "category": attendance.category,
        "category_label": str(attendance.get_category_display()),
        "unit": attendance.unit_name,
        "method": attendance.method,
        "signed_in_at": attendance.signed_in_at,
        "signed_out_at": attendance.signed_out_at,
    }


@router.get("/sessions/{int:session_id}/qr-token", response=SignInTokenOut, summary="当前签到码（每30秒更新）")
@staff(*ORGANISER_ROLES)
@refuses(ValidationError)
def qr_token(request: HttpRequest, session_id: Id, response: HttpResponse, query: Query[TokenQuery]) -> dict[str, Any]:
    session = session_for_actor(request_actor(request), session_id)
    if query.mode == qr.Mode.OUT and not session.activity.sign_out_enabled:
        raise ValidationError({"mode": [_("此活动无需签退。")]})
    token = qr.issue(session.pk, query.mode)
    response["Cache-Control"] = "no-store"
    return {
        "token": token.value,
        "expires_at": token.expires_at,
        "rotates_at": token.rotates_at,
        "mode": token.mode,
        "url": qr.sign_in_url(request, token),
    }


@router.post(
    "/sessions/{int:session_id}/sign-in",
    response={200: AttendanceOut, 201: AttendanceOut},
    summary="扫码签到（本人）；重复签到返回同一条记录",
)
@signed_in
@refuses(Invalid, Conflict)
def sign_in(request: HttpRequest, session_id: Id, payload: SignInIn) -> Status[dict[str, Any]]:
    actor = request_actor(request)
    session = session_to_scan(actor, session_id)
    token = qr.verify(payload.token, session.pk)  # qr.TokenError: 400 with its code
    attendance, outcome = services.scan_sign_in(actor=actor, session=session, token=token)  # NoPerson: 409
    return Status(201 if outcome == services.Outcome.NEW else 200, _row(attendance))


class AttendanceFilters(PageQuery):
    pass


@router.get("/sessions/{int:session_id}/attendance", response=Page[AttendanceOut], summary="签到名单")
@staff(*ORGANISER_ROLES)
def attendance_list(request: HttpRequest, session_id: Id, filters: Query[AttendanceFilters]) -> dict[str, Any]:
    session = session_for_actor(request_actor(request), session_id)
    page = paginate(attendance_of(session), filters)
    page["items"] = [_row(a) for a in page["items"]]
    return page
