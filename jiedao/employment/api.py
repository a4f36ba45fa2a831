"""/api/v1/employment: the follow-up list of the labour office (the sub-district
admin reads it too). ``GET /follow-ups?due=true``: follow-ups come due and not done
yet, oldest first; without ``due`` (or ``due=false``) every follow-up. Same scope
rules as the pages (``employment.access``)."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router
from pydantic import BaseModel

from jiedao.accounts.policy import request_actor, staff
from jiedao.api.pagination import Page, PageQuery, paginate
from jiedao.employment import access
from jiedao.employment.models import FollowUp
from jiedao.employment.selectors.follow_ups import follow_up_rows

router = Router(tags=["employment"])


class FollowUpOut(BaseModel):
    id: int
    person: str = Field(description="学员姓名")
    person_id: int
    training_class: str = Field(description="培训班")
    course: str
    provider: str
    class_ended_on: dt.date | None
    offset_days: int = Field(description="结业后第几天随访")
    due_on: dt.date
    outcome: str = Field(
        description="unknown（未随访）、employed、self_employed、further_training、not_employed、unreachable"
    )
    followed_up_on: dt.date | None
    employer: str = Field(description="就业单位（仅 employed）")
    employed_since: dt.date | None
    contract: str


class FollowUpFilters(PageQuery):
    due: bool = Field(False, description="true：只列出已到期且未随访的")


def _follow_up(f: FollowUp) -> dict[str, Any]:
    return {
        "id": f.pk,
        "person": f.person_name,  # type: ignore[attr-defined]
        "person_id": f.person_id,  # type: ignore[attr-defined]
        "training_class": f.class_label,  # type: ignore[attr-defined]
        "course": f.course_name,  # type: ignore[attr-defined]
        "provider": f.provider_name,  # type: ignore[attr-defined]
        "class_ended_on": f.class_ended_on,  # type: ignore[attr-defined]
        "offset_days": f.offset_days,
        "due_on": f.due_on,
        "outcome": f.outcome,
        "followed_up_on": f.followed_up_on,
        "employer": f.employer_label,
        "employed_since": f.employed_since,
        "contract": f.contract,
    }


@router.get("/follow-ups", response=Page[FollowUpOut], summary="培训后就业随访（due=true：到期待随访）")
@staff(*access.READ_ROLES)
def list_follow_ups(request: HttpRequest, filters: Query[FollowUpFilters]) -> dict[str, Any]:
    page = paginate(follow_up_rows(request_actor(request), due=filters.due), filters)
    page["items"] = [_follow_up(f) for f in page["items"]]
    return page
