"""The joint meetings over the API: the same access functions and selectors as
the pages, the same policies (any staff of the sub-district, scoped to the
meetings they may read: offices all, others those they are invited to)."""

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema

from jiedao.accounts.policy import request_actor, staff
from jiedao.api.pagination import Page, PageQuery, paginate
from jiedao.api.types import Id
from jiedao.meetings import selectors
from jiedao.meetings.access import meeting_for_actor
from jiedao.meetings.models import AgendaItem, Meeting
from jiedao.meetings.pdf import minutes_response

router = Router(tags=["meetings"])


class MeetingSummary(Schema):
    id: int
    title: str
    starts_at: dt.datetime | None
    joint_meeting: str
    host: str | None
    attendance_count: int

    @staticmethod
    def resolve_title(obj: Meeting) -> str:
        return obj.activity.title

    @staticmethod
    def resolve_joint_meeting(obj: Meeting) -> str:
        return obj.joint_meeting.name

    @staticmethod
    def resolve_host(obj: Meeting) -> str | None:
        return obj.host.name if obj.host else None


class SessionOut(Schema):
    id: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    place: str


class CommendationOut(Schema):
    unit: str
    award: str
    reason: str


class AgendaItemOut(Schema):
    position: int
    kind: str
    title: str
    outcome: str
    presenter: str | None
    votes_for: int | None
    votes_against: int | None
    votes_abstaining: int | None
    requirements: list[str]
    commendations: list[CommendationOut]

    @staticmethod
    def resolve_presenter(obj: AgendaItem) -> str | None:
        return obj.presenter.name if obj.presenter else None

    @staticmethod
    def resolve_requirements(obj: AgendaItem) -> list[str]:
        return [r.text for r in obj.requirements.all()]

    @staticmethod
    def resolve_commendations(obj: AgendaItem) -> list[dict[str, str]]:
        return [{"unit": c.unit.name, "award": c.award, "reason": c.reason} for c in obj.commendations.all()]


class CategoryOut(Schema):
    category: str
    label: str
    count: int


class MeetingDetail(Schema):
    id: int
    title: str
    starts_at: dt.datetime | None
    joint_meeting: str
    host: str | None
    sessions: list[SessionOut]
    agenda: list[AgendaItemOut]
    attendance_count: int
    attendance_by_category: list[CategoryOut]


@router.get("", response=Page[MeetingSummary])
@staff()
def meeting_list(request: HttpRequest, filters: Query[PageQuery]) -> dict[str, Any]:
    return paginate(selectors.meeting_list(request_actor(request)), filters)


@router.get("/{int:pk}", response=MeetingDetail)
@staff()
def meeting_get(request: HttpRequest, pk: Id) -> dict[str, Any]:
    meeting = meeting_for_actor(request_actor(request), pk)
    m = selectors.meeting_record(meeting)  # not the whole minutes: no photos, no officials
    return {
        "id": meeting.pk,
        "title": meeting.activity.title,
        "starts_at": m.session.starts_at if m.session else None,
        "joint_meeting": meeting.joint_meeting.name,
        "host": m.host_name or None,
        "sessions": m.sessions,
        "agenda": m.agenda,
        "attendance_count": m.total,
        "attendance_by_category": [c._asdict() for c in m.categories],
    }


@router.get("/{int:pk}/minutes.pdf")
@staff()
def meeting_minutes_pdf(request: HttpRequest, pk: Id) -> HttpResponse:
    return minutes_response(selectors.minutes_of(meeting_for_actor(request_actor(request), pk)))
