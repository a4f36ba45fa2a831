"""/api/v1/counselling: the session record of an appointment and the statistics.

``GET``/``PUT /appointments/{id}/record``: the assigned counsellor only. Any other
role is refused by the gate (403); a counsellor asking for someone else's
appointment gets 404, like an appointment that does not exist. Supervisors read
records on the page, after stating a reason; the client never reads them.
Every read and write is audited (``records``).
"""

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from pydantic import BaseModel

from jiedao.accounts.policy import request_actor, staff
from jiedao.counselling import record_access, records
from jiedao.counselling.models import RiskLevel, Topic
from jiedao.counselling.record_forms import default_stats_year
from jiedao.counselling.stats import counselling_stats

router = Router(tags=["counselling"])


class ReferralIn(Schema):
    referred_to: str = Field(max_length=200, description="转介对象（机构或人员）")
    referred_at: dt.datetime = Field(description="转介时间")
    reason: str = Field(max_length=records.MAX_REASON_LENGTH, description="转介原因")


class RecordIn(Schema):
    notes: str = Field("", max_length=records.MAX_NOTES_LENGTH, description="谈话记录（不含诊断）")
    topics: list[str] = Field(default_factory=list, description=f"主题代码：{'、'.join(Topic.values)}")
    risk_level: str = Field(RiskLevel.NONE.value, description=f"风险等级：{'、'.join(RiskLevel.values)}")
    referral: ReferralIn | None = Field(None, description="转介；风险等级为 high 且尚无转介时必填")


class ReferralOut(BaseModel):
    id: int
    referred_to: str
    referred_at: dt.datetime
    reason: str


class RecordOut(BaseModel):
    appointment: int
    exists: bool
    notes: str
    topics: list[str]
    risk_level: str
    referrals: list[ReferralOut]
    created_at: dt.datetime | None
    updated_at: dt.datetime | None


def _out(view: records.RecordView) -> dict[str, Any]:
    record = view.record
    return {
        "appointment": view.appointment.pk,
        "exists": record is not None,
        "notes": record.notes if record else "",
        "topics": view.topics,
        "risk_level": record.risk_level if record else RiskLevel.NONE.value,
        "referrals": [
            {"id": r.pk, "referred_to": r.referred_to, "referred_at": r.referred_at, "reason": r.reason}
            for r in view.referrals
        ],
        "created_at": record.created_at if record else None,
        "updated_at": record.updated_at if record else None,
    }


@router.get("/appointments/{int:appointment_id}/record", response=RecordOut, summary="咨询记录（仅限该预约的咨询师）")
@staff(*record_access.WRITE_ROLES)
def get_record(request: HttpRequest, appointment_id: int, response: HttpResponse) -> dict[str, Any]:
    actor = request_actor(request)
    appointment = record_access.appointment_for_counsellor(actor, appointment_id)
    response["Cache-Control"] = "no-store, private"
    return _out(records.record_read(actor=actor, appointment=appointment, request=request))


@router.put("/appointments/{int:appointment_id}/record", response=RecordOut, summary="填写或修改咨询记录")
@staff(*record_access.WRITE_ROLES)
def put_record(request: HttpRequest, appointment_id: int, payload: RecordIn, response: HttpResponse) -> dict[str, Any]:
    actor = request_actor(request)
    appointment = record_access.appointment_for_counsellor(actor, appointment_id)
    records.record_save(
        actor=actor,
        appointment=appointment,
        notes=payload.notes,
        topics=payload.topics,
        risk_level=payload.risk_level,
        referral=payload.referral.model_dump() if payload.referral else None,
        request=request,
    )
    response["Cache-Control"] = "no-store, private"
    # The answer is a read of what was stored (audited like any other read).
    return _out(records.record_read(actor=actor, appointment=appointment, request=request))


class Cell(BaseModel):
    key: str
    label: str
    value: int | None = Field(description="null 表示涉及不足5人，不公布")
    people: int | None
    suppressed: bool


class StatsOut(BaseModel):
    year: int
    date_from: dt.date
    date_to: dt.date | None = Field(description="只含已结束的月份；尚无则为 null")
    min_people: int
    months: list[Cell]
    sessions: Cell
    topics: list[Cell]
    no_shows: Cell
    no_show_rate: float | None
    no_show_rate_suppressed: bool


class StatsQuery(Schema):
    year: int | None = Field(None, ge=2000, le=2100, description="年份；默认为最近一个已结束月份所在的年份")


@router.get("/stats", response=StatsOut, summary="畅心屋汇总统计（不足5人的数字不公布）")
@staff(*record_access.STATS_ROLES)
def get_stats(request: HttpRequest, query: Query[StatsQuery]) -> dict[str, Any]:
    actor = request_actor(request)
    assert actor.subdistrict_id is not None
    year = query.year or default_stats_year()
    return counselling_stats(subdistrict_id=actor.subdistrict_id, year=min(year, timezone.localdate().year))
