"""A joint meeting in the test world (``jiedao.testing.build_world``), built
through the services, for the meeting tests and the access-matrix rows.

``meeting_world(w)`` is idempotent per world: the rows are made once and kept on
the world object. The meeting invites 嘉春 (so its union chair may read it), is
hosted by 乐跃明 and has a report, a deliberation, a commendation and a speech
with one requirement turned into an action item owned by 嘉春.
"""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from jiedao.accounts.actor import Actor, actor_for
from jiedao.activities.models import Session
from jiedao.meetings import selectors, services
from jiedao.meetings.models import ActionItem, AgendaItem, JointMeeting, Meeting, MemberUnit, Regulation, Requirement
from jiedao.testing import World

MEETING_TITLE = "2020年凉城新村街道与工会联席会议（测试）"
ACTION_TITLE = "提高政治站位（测试督办）"


@dataclass
class MeetingWorld:
    actor: Actor
    body: JointMeeting
    member: MemberUnit
    meeting: Meeting
    session: Session
    regulation: Regulation
    report: AgendaItem
    deliberation: AgendaItem
    commendation: AgendaItem
    speech: AgendaItem
    requirement: Requirement
    action: ActionItem


def meeting_world(w: World) -> MeetingWorld:
    cached = w.extras.get("meetings")
    if isinstance(cached, MeetingWorld):
        return cached
    actor = actor_for(w.users["admin"])
    body = services.joint_meeting_create(
        actor=actor, name="凉城新村街道与工会联席会议", convenor_unit=w.office, convenor=w.people["party_member"]
    )
    member = services.member_add(actor=actor, joint_meeting=body, unit=w.jiachun, joined_on=dt.date(2020, 1, 1))
    starts = timezone.make_aware(dt.datetime(2020, 9, 24, 14, 0))
    meeting = services.meeting_create(
        actor=actor,
        joint_meeting=body,
        title=MEETING_TITLE,
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2),
        place="凉城新村街道社区党群服务中心",
        host=w.people["party_member"],
    )
    regulation = services.regulation_create(
        actor=actor, joint_meeting=body, title="联席会议制度", presented_by=w.people["zhonghong_worker"]
    )
    report = services.agenda_item_add(
        actor=actor, meeting=meeting, kind="report", title="总工会工作情况通报", presenter=w.people["party_member"]
    )
    deliberation = services.agenda_item_add(
        actor=actor, meeting=meeting, kind="deliberation", title="关于进一步加强职工法律援助工作", outcome="passed"
    )
    commendation = services.agenda_item_add(actor=actor, meeting=meeting, kind="commendation", title="表彰")
    services.commendation_add(actor=actor, item=commendation, unit=w.gongzhi, award="经费交纳先进单位")
    speech = services.agenda_item_add(actor=actor, meeting=meeting, kind="speech", title="讲话")
    requirement = services.requirement_add(actor=actor, item=speech, text="提高政治站位")
    action = services.action_item_create(
        actor=actor,
        title=ACTION_TITLE,
        owner_unit=w.jiachun,
        deadline=dt.date(2020, 12, 31),
        requirement=requirement,
    )
    session = selectors.first_session(meeting)
    assert session is not None
    result = MeetingWorld(
        actor,
        body,
        member,
        meeting,
        session,
        regulation,
        report,
        deliberation,
        commendation,
        speech,
        requirement,
        action,
    )
    w.extras["meetings"] = result
    return result
