"""Access rows of the activity and sign-in pages and API (``jiedao/activities``).

Two activities of 凉城: a joint meeting organised by the union federation (run by
the offices), and a lecture organised by 嘉春 for 秀苑 (run by the offices, the
嘉春 chair and the 秀苑 chair). Each has one session, with 王秀英 (worker)
invited to the meeting. The objects are built once per world (``_fixture``).
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from jiedao.accounts.actor import actor_for
from jiedao.activities import qr, services
from jiedao.activities.models import Activity, Registration, Session
from jiedao.testing import World
from tests.access.common import ANY_USER, CHAIRS, OFFICES, SIGNED_IN, STAFF, Case, Target

ORGANISERS_ANYWHERE = OFFICES | CHAIRS | {"other_admin"}
LECTURE_RUNNERS = OFFICES | {"jiachun", "xiuyuan"}


@dataclass
class Fixture:
    meeting: Activity
    meeting_session: Session
    lecture: Activity
    lecture_session: Session
    invitation: Registration


def _signed_in_worker(w: World) -> int:
    attendance, _created = services.sign_in(
        session=_fixture(w).meeting_session, person=w.people["worker"], method="manual"
    )
    return attendance.pk


def _fixture(w: World) -> Fixture:
    found = w.extras.get("activities")
    if isinstance(found, Fixture):
        return found
    union = actor_for(w.users["union"])
    start = timezone.now() - dt.timedelta(minutes=10)
    meeting = services.activity_create(actor=union, kind=Activity.Kind.MEETING, title="联席会议甲", organiser=w.office)
    lecture = services.activity_create(
        actor=union, kind=Activity.Kind.CLASS, title="秀苑培训课乙", organiser=w.jiachun, residential_area=w.xiuyuan
    )
    sessions = [
        services.session_create(
            actor=union, activity=a, starts_at=start, ends_at=start + dt.timedelta(hours=2), place="党群服务中心"
        )
        for a in (meeting, lecture)
    ]
    invitation = services.invite(actor=union, activity=meeting, person=w.people["worker"])
    fixture = Fixture(meeting, sessions[0], lecture, sessions[1], invitation)
    w.extras["activities"] = fixture
    return fixture


def _pk(attr: str) -> Callable[[World], dict[str, Any]]:
    return lambda w: {"pk": getattr(_fixture(w), attr).pk}


def _title(attr: str) -> Callable[[World], str]:
    return lambda w: getattr(_fixture(w), attr).title


def _session_title(attr: str) -> Callable[[World], str]:
    return lambda w: getattr(_fixture(w), attr).activity.title


def _activity_targets(**extra: Any) -> list[Target]:
    return [
        Target(OFFICES, _pk("meeting"), leak=_title("meeting"), **extra),
        Target(LECTURE_RUNNERS, _pk("lecture"), leak=_title("lecture"), **extra),
    ]


def _session_targets(data: Callable[[World], dict[str, Any]] | None = None, **extra: Any) -> list[Target]:
    return [
        Target(OFFICES, _pk("meeting_session"), data=data, leak=_session_title("meeting_session"), **extra),
        Target(LECTURE_RUNNERS, _pk("lecture_session"), data=data, leak=_session_title("lecture_session"), **extra),
    ]


def _token(w: World) -> dict[str, Any]:
    return {"t": qr.issue(_fixture(w).meeting_session.pk).value}


PAGES = {
    "activities:list": Case(
        targets=[Target(ORGANISERS_ANYWHERE, leak=_title("meeting"), sees=OFFICES)],
    ),
    "activities:create": Case(targets=[Target(ORGANISERS_ANYWHERE)]),
    # Whatever an organiser sees they may change: no readers; a chair who does not run
    # the activity does not find it (404).
    "activities:detail": Case(targets=_activity_targets(), gate=ORGANISERS_ANYWHERE),
    "activities:edit": Case(targets=_activity_targets(), gate=ORGANISERS_ANYWHERE),
    "activities:session_create": Case(targets=_activity_targets(), gate=ORGANISERS_ANYWHERE),
    "activities:invite": Case(targets=_activity_targets(), gate=ORGANISERS_ANYWHERE),
    "activities:session_edit": Case(targets=_session_targets(), gate=ORGANISERS_ANYWHERE),
    "activities:screen": Case(targets=_session_targets(), gate=ORGANISERS_ANYWHERE),
    "activities:screen_qr": Case(targets=_session_targets(), gate=ORGANISERS_ANYWHERE),
    "activities:screen_counts": Case(targets=_session_targets(), gate=ORGANISERS_ANYWHERE),
    "activities:attendance": Case(targets=_session_targets(), gate=ORGANISERS_ANYWHERE),
    "activities:export": Case(targets=_session_targets(), gate=ORGANISERS_ANYWHERE),
    # One tap signs in the invited 王秀英 (an invitation of the meeting only).
    "activities:manual_sign_in": Case(
        "post",
        [
            Target(
                OFFICES,
                _pk("meeting_session"),
                data=lambda w: {"registration": _fixture(w).invitation.pk},
                leak=_session_title("meeting_session"),
                status=302,
            )
        ],
        gate=ORGANISERS_ANYWHERE,
    ),
    # Signs out 王秀英, signed in for the purpose (the meeting does not sign out: the
    # organisers are sent back to the page with a message, everyone else nothing).
    "activities:manual_sign_out": Case(
        "post",
        [
            Target(
                OFFICES,
                _pk("meeting_session"),
                data=lambda w: {"attendance": _signed_in_worker(w)},
                leak=_session_title("meeting_session"),
                status=302,
            )
        ],
        gate=ORGANISERS_ANYWHERE,
    ),
    "activities:registration_status": Case(
        "post",
        [
            Target(
                OFFICES,
                lambda w: {"pk": _fixture(w).invitation.pk},
                data=lambda w: {"status": "confirmed"},
                status=302,
            )
        ],
        gate=ORGANISERS_ANYWHERE,
    ),
    # A walk-in is found among the people the organiser may see.
    "activities:walk_in": Case(
        "post",
        _session_targets(data=lambda w: {"person": w.people["worker"].pk}, status=302),
        gate=ORGANISERS_ANYWHERE,
    ),
    # The page a QR code opens: anyone signed in to 凉城 (a staff member without a
    # person record is told so); the session of another sub-district does not exist.
    "activities:scan": Case(
        targets=[Target(SIGNED_IN, _pk("meeting_session"), data=_token, leak=_session_title("meeting_session"))],
        gate=ANY_USER,
    ),
    # Without an attendance it sends the visitor on to 我的活动 (302), for everyone signed in.
    "activities:scan_done": Case(
        targets=[Target(SIGNED_IN, _pk("meeting_session"), leak=_session_title("meeting_session"), status=302)],
        gate=ANY_USER,
    ),
    "activities:mine": Case(targets=[Target(ANY_USER, leak=_title("meeting"), sees={"worker"})]),
}

API = {
    ("GET", "/activities/sessions/{pk}/qr-token"): Case(targets=_session_targets(), gate=ORGANISERS_ANYWHERE),
    ("GET", "/activities/sessions/{pk}/attendance"): Case(targets=_session_targets(), gate=ORGANISERS_ANYWHERE),
    # Everyone with a person record in 凉城 signs themselves in (201); staff without one
    # get 409 no_person; the session of another sub-district does not exist (404).
    ("POST", "/activities/sessions/{pk}/sign-in"): Case(
        "post",
        [
            Target(
                {"worker", "jobseeker"},
                _pk("meeting_session"),
                data=lambda w: {"token": qr.issue(_fixture(w).meeting_session.pk).value},
                status=201,
                answers=dict.fromkeys(STAFF, 409),
            )
        ],
        gate=ANY_USER,
    ),
}
