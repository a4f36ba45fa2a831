"""The shapes of /api/v1/employment: what each operation takes and answers."""

import datetime as dt
from typing import Any, Literal

from ninja import Field, Schema
from pydantic import BaseModel

from jiedao.api.pagination import PageQuery
from jiedao.api.refs import Ref
from jiedao.api.types import Id
from jiedao.employment.models import Availability, ClosedReason, Education, FollowUp, JobReferral


def _codes(choices: type[Education] | type[Availability] | type[ClosedReason] | Any) -> str:
    return "、".join(choices.values)


class FollowUpOut(BaseModel):
    id: int
    person: str = Field(description="学员姓名")
    person_id: int
    training_class: str = Field(description="培训班")
    course: str
    provider: str
    class_ended_on: dt.date | None
    offset_days: int = Field(description="结业后第几天随访")
    due_on: dt.date | None = Field(description="应随访日期：结业日期 + 天数（随培训班日期变化）")
    outcome: str = Field(
        description="unknown（未随访）、employed、self_employed、further_training、not_employed、unreachable"
    )
    followed_up_on: dt.date | None
    employer: str = Field(description="就业单位（仅 employed）")
    employed_since: dt.date | None
    contract: str


class FollowUpFilters(PageQuery):
    due: bool = Field(False, description="true：只列出已到期且未随访的")


class FollowUpIn(Schema):
    outcome: str = Field(description="employed、self_employed、further_training、not_employed、unreachable")
    followed_up_on: dt.date = Field(description="随访日期")
    employer: Id | None = Field(None, description="就业单位（登记的单位编号；employed 时与 employer_name 二选一）")
    employer_name: str = Field("", max_length=100, description="未登记的就业单位名称")
    employed_since: dt.date | None = Field(None, description="入职日期（employed 时必填）")
    contract: str = Field("", description=f"用工形式（employed 时必填）：{_codes(FollowUp.Contract)}")
    note: str = Field("", max_length=200)


class JobSeekerIn(Schema):
    person: Id = Field(description="人员库中的人员编号")
    registered_on: dt.date
    is_registered_unemployed: bool = False
    unemployed_since: dt.date | None = Field(None, description="失业登记日期（登记失业时必填）")
    education: str = Field(description=f"文化程度：{_codes(Education)}")
    skills_wanted: str = Field("", max_length=200)
    desired_work: str = Field("", max_length=200)
    availability: str = Field(description=f"可工作方式：{_codes(Availability)}")
    available_from: dt.date | None = None
    note: str = Field("", max_length=2000)


class JobSeekerOut(BaseModel):
    id: int
    person: str
    person_id: int
    id_number: str = Field(description="身份证号（遮挡：310109********1230）")
    phone: str = Field(description="手机号（遮挡：138****5678）")
    residential_area: Ref | None = Field(description="居民区")
    registered_on: dt.date
    is_registered_unemployed: bool
    unemployed_since: dt.date | None
    education: str
    skills_wanted: str
    desired_work: str
    availability: str
    available_from: dt.date | None
    closed_on: dt.date | None
    closed_reason: str = Field(description=f"注销原因：{_codes(ClosedReason)}；未注销为空")
    guidance_count: int = Field(description="职业指导次数")
    referral_count: int = Field(description="岗位推荐次数")


class SeekerFilters(PageQuery):
    # An unknown status is a 422 naming the field, not an empty list.
    status: Literal["", "open", "closed", "employed", "left"] = Field(
        "", description="open（登记中）、closed（已注销）、employed（已就业注销）、left（不再求职注销）；空：全部"
    )
    area: Id | None = Field(None, description="居民区编号")
    q: str = Field("", max_length=32, description="姓名（或拼音）")


class GuidanceIn(Schema):
    held_on: dt.date = Field(description="指导日期")
    adviser: str = Field(max_length=64, description="指导人员")
    topic: str = Field(max_length=200, description="指导内容")
    advice: str = Field("", max_length=2000, description="建议与后续")


class GuidanceOut(BaseModel):
    id: int
    job_seeker: int
    held_on: dt.date
    adviser: str
    topic: str
    advice: str


class CloseIn(Schema):
    closed_on: dt.date = Field(description="注销日期")
    closed_reason: str = Field(description=f"注销原因：{_codes(ClosedReason)}")


class JobReferralIn(Schema):
    referred_on: dt.date
    position: str = Field(max_length=100)
    employer: Id | None = Field(None, description="用人单位（登记的单位编号；与 employer_name 二选一）")
    employer_name: str = Field("", max_length=100, description="未登记的用人单位名称")
    note: str = Field("", max_length=200)


class ReferralOutcomeIn(Schema):
    outcome: str = Field(description=f"结果：{_codes(JobReferral.Outcome)}")
    outcome_on: dt.date | None = Field(None, description="结果日期（pending 以外必填）")
    note: str = Field("", max_length=200)
    close_registration: bool = Field(False, description="hired 时可同时注销求职登记（已就业）")


class JobReferralOut(BaseModel):
    id: int
    job_seeker: int
    referred_on: dt.date
    employer: str
    employer_id: int | None
    position: str
    outcome: str
    outcome_on: dt.date | None
    note: str
    registration_closed_on: dt.date | None = Field(description="求职登记的注销日期（未注销为空）")


class JobSeekerFileOut(JobSeekerOut):
    note: str
    guidance: list[GuidanceOut] = Field(description="职业指导，新的在前")
    referrals: list[JobReferralOut] = Field(description="岗位推荐，新的在前")
    follow_ups: list[FollowUpOut] = Field(description="培训后就业随访")
