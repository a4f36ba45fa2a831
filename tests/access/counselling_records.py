"""Access rows of the 畅心屋 records, referrals and statistics (``jiedao/counselling``,
confidential side).

Who reads a record: its counsellor (the ``counsellor`` persona, for the worker's
appointment); a supervisor gets the reason form on the page but never the notes
without a reason, and nothing through the API; the offices, the union chairs and
the client get nothing individual. The offices and the supervisor see statistics.

``records_world(w)`` adds to the test world (once per world): a studio, a counsellor
profile for the ``counsellor`` persona and one for another counsellor, a past
appointment of each with a record whose notes carry a marker text.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from jiedao.counselling.models import Appointment, Counsellor, Room, SessionRecord, Slot, Studio
from jiedao.people.models import Person
from jiedao.testing import World, make_person
from tests.access.common import OFFICES, Case, Target

NOTES = "咨询记录机密内容-OWN"
OTHER_NOTES = "咨询记录机密内容-OTHER"


@dataclass
class Records:
    studio: Studio
    room: Room
    mine: Counsellor  # the ``counsellor`` persona's profile
    other: Counsellor
    own: Appointment  # the worker's, with ``mine``; its record's notes are NOTES
    theirs: Appointment  # 陈懿's, with ``other``; its record's notes are OTHER_NOTES


def records_world(w: World) -> Records:
    """The counselling rows of the access checks, built once per world."""
    built = w.extras.get("counselling_records")
    if isinstance(built, Records):
        return built
    sub = w.liangcheng
    studio = Studio.objects.create(subdistrict=sub, name="畅心屋", address="凉城路1号党群服务中心")
    room = Room.objects.create(subdistrict=sub, studio=studio, name="1号咨询室")
    mine = Counsellor.objects.create(
        subdistrict=sub,
        person=make_person(sub, "张宁", user=w.users["counsellor"]),
        qualification="国家二级心理咨询师",
        certificate_number="XL-0001",
    )
    other = Counsellor.objects.create(
        subdistrict=sub,
        person=make_person(sub, "刘静"),
        qualification="国家二级心理咨询师",
        certificate_number="XL-0002",
    )
    mine.studios.add(studio)
    other.studios.add(studio)
    start = timezone.now().replace(microsecond=0) - dt.timedelta(days=3)
    own = book(room, mine, w.people["worker"], start, status=Appointment.Status.ATTENDED)
    theirs = book(room, other, w.people["zhonghong_worker"], start + dt.timedelta(hours=2), status="attended")
    for appointment, notes in ((own, NOTES), (theirs, OTHER_NOTES)):
        SessionRecord.objects.create(subdistrict=sub, appointment=appointment, notes=notes, topics="work_stress")
    built = Records(studio=studio, room=room, mine=mine, other=other, own=own, theirs=theirs)
    w.extras["counselling_records"] = built
    return built


def book(
    room: Room,
    counsellor: Counsellor,
    person: Person,
    starts_at: dt.datetime,
    *,
    status: str = "booked",
    minutes: int = 50,
) -> Appointment:
    """A slot and an appointment on it (directly: the booking rules are not what is tested here)."""
    ends_at = starts_at + dt.timedelta(minutes=minutes)
    slot = Slot.objects.create(
        subdistrict_id=room.subdistrict_id, counsellor=counsellor, room=room, starts_at=starts_at, ends_at=ends_at
    )
    return Appointment.objects.create(
        subdistrict_id=room.subdistrict_id,
        slot=slot,
        person=person,
        counsellor=counsellor,
        starts_at=starts_at,
        ends_at=ends_at,
        status=status,
    )


def _own(w: World) -> dict[str, Any]:
    return {"pk": records_world(w).own.pk}


def _theirs(w: World) -> dict[str, Any]:
    return {"pk": records_world(w).theirs.pk}


def _built(w: World) -> dict[str, Any]:
    records_world(w)
    return {}


STATS = OFFICES | {"supervisor", "other_admin"}  # the other admin sees their own sub-district's
READERS = {"counsellor", "supervisor"}  # @staff(COUNSELLOR, COUNSELLING_SUPERVISOR)
WRITERS = {"counsellor"}  # @staff(COUNSELLOR)

PAGES = {
    # The counsellor's list names their clients; the supervisor's names nobody.
    "counselling:record_list": Case(
        targets=[Target(READERS, _built, leak=lambda w: w.people["worker"].name, sees={"counsellor"})]
    ),
    # GET: the counsellor sees the notes; the supervisor only the reason form. Another
    # counsellor's record does not exist for the counsellor (404).
    "counselling:record": Case(
        targets=[
            Target(READERS, _own, leak=lambda w: NOTES, sees={"counsellor"}),
            Target({"supervisor"}, _theirs, leak=lambda w: OTHER_NOTES, sees=set()),
        ],
        gate=READERS,
    ),
    "counselling:record_referral": Case(
        targets=[
            Target(WRITERS, _own, leak=lambda w: w.people["worker"].name),
            Target(set(), _theirs, leak=lambda w: w.people["zhonghong_worker"].name),
        ],
        gate=WRITERS,
    ),
    # Who read which record when and why: the supervisor only; never a client's name.
    "counselling:record_reads": Case(
        targets=[Target({"supervisor"}, _built, leak=lambda w: w.people["worker"].name, sees=set())]
    ),
    "counselling:stats": Case(targets=[Target(STATS, _built)]),
}

API = {
    ("GET", "/counselling/appointments/{pk}/record"): Case(
        targets=[
            Target(WRITERS, _own, leak=lambda w: NOTES),
            Target(set(), _theirs, leak=lambda w: OTHER_NOTES),
        ],
        gate=WRITERS,
    ),
    ("PUT", "/counselling/appointments/{pk}/record"): Case(
        "put",
        [
            Target(
                WRITERS,
                _own,
                data=lambda w: {"notes": NOTES, "topics": ["work_stress"], "risk_level": "low"},
                leak=lambda w: NOTES,
            ),
            Target(
                set(),
                _theirs,
                data=lambda w: {"notes": "改写", "topics": [], "risk_level": "none"},
                leak=lambda w: OTHER_NOTES,
            ),
        ],
        gate=WRITERS,
    ),
    ("GET", "/counselling/stats"): Case(targets=[Target(STATS, _built)]),
}
