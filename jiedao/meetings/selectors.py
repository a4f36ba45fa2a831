"""Reads of the joint meeting records, in a constant number of queries."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from django.db.models import Count, Exists, Min, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from jiedao.accounts.actor import Actor
from jiedao.activities.models import Attendance, Registration, Session
from jiedao.activities.selectors import CategoryCount, activity_attendance_by_category, attendance_total
from jiedao.meetings.access import action_items_visible_to, joint_meetings_visible_to, meetings_visible_to
from jiedao.meetings.models import (
    VERSION_TRANSITIONS,
    ActionItem,
    AgendaItem,
    Commendation,
    JointMeeting,
    Meeting,
    MeetingPhoto,
    MemberUnit,
    ProgressNote,
    Regulation,
    RegulationVersion,
    Requirement,
)
from jiedao.org.access import units_visible_to

DUE_SOON_DAYS = 7


def meeting_list(actor: Actor) -> QuerySet[Meeting]:
    """The meetings an actor may read, latest first, with their start and attendance count."""
    return (
        meetings_visible_to(actor)
        .annotate(
            starts_at=Min("activity__sessions__starts_at"),
            attendance_count=Count("activity__sessions__attendances__person", distinct=True),
        )
        .order_by("-starts_at", "-id")
    )


def has_bodies(actor: Actor) -> bool:
    """Whether a joint meeting exists to hold a meeting of."""
    return joint_meetings_visible_to(actor).exists()


def meetings_of_body(actor: Actor, joint_meeting: JointMeeting, *, limit: int = 20) -> list[Meeting]:
    """The latest meetings of one body the actor may read."""
    return list(meeting_list(actor).filter(joint_meeting=joint_meeting)[:limit])


def sessions_of(meeting: Meeting) -> list[Session]:
    return list(Session.objects.filter(activity_id=meeting.activity_id).order_by("starts_at", "id"))


def first_session(meeting: Meeting) -> Session | None:
    return Session.objects.filter(activity_id=meeting.activity_id).order_by("starts_at", "id").first()


def unit_choices(actor: Actor) -> list[tuple[object, str]]:
    """The unit choices of the many small forms of a meeting page, read once for all."""
    return list(units_visible_to(actor).values_list("pk", "name"))


def action_items_of(meeting: Meeting) -> list[ActionItem]:
    return list(meeting.action_items.select_related("owner_unit"))


def agenda_of(meeting: Meeting) -> list[AgendaItem]:
    return list(
        AgendaItem.objects.filter(meeting=meeting)
        .select_related("presenter", "regulation_version__regulation")
        .prefetch_related(
            Prefetch("commendations", queryset=Commendation.objects.select_related("unit")),
            Prefetch("requirements", queryset=Requirement.objects.select_related("action_item__owner_unit")),
        )
        .order_by("position")
    )


def invitations_of(meeting: Meeting) -> QuerySet[Registration]:
    return Registration.objects.filter(activity_id=meeting.activity_id).select_related("person", "unit")


def attendance_count(meeting: Meeting) -> int:
    """People present at the meeting (at any of its sessions, each counted once), as the minutes count them."""
    return Attendance.objects.filter(session__activity_id=meeting.activity_id).values("person_id").distinct().count()


def photos_of(meeting: Meeting) -> list[MeetingPhoto]:
    return list(MeetingPhoto.objects.filter(meeting=meeting))


def members_of(joint_meeting: JointMeeting, *, current_only: bool = False) -> QuerySet[MemberUnit]:
    qs = MemberUnit.objects.filter(joint_meeting=joint_meeting).select_related("unit", "representative")
    return qs.filter(left_on__isnull=True) if current_only else qs


def versions_of(regulation: Regulation) -> QuerySet[RegulationVersion]:
    return regulation.versions.select_related("presented_by", "adopted_at__activity").order_by("-number")


def versions_for_page(actor: Actor, regulation: Regulation) -> list[RegulationVersion]:
    """The versions, newest first, each with ``meeting_openable`` (link the adopting
    meeting only for those who may open it: a 404 otherwise) and ``next_statuses``."""
    versions = list(versions_of(regulation))
    adopted_at = {v.adopted_at_id for v in versions if v.adopted_at_id}
    openable = (
        set(meetings_visible_to(actor).filter(pk__in=adopted_at).values_list("pk", flat=True)) if adopted_at else set()
    )
    Status = RegulationVersion.Status
    for version in versions:
        version.meeting_openable = version.adopted_at_id in openable  # type: ignore[attr-defined]
        version.next_statuses = [  # type: ignore[attr-defined]
            (s, Status(s).label) for s in Status.values if s in VERSION_TRANSITIONS[version.status]
        ]
    return versions


def regulation_list(qs: QuerySet[Regulation]) -> QuerySet[Regulation]:
    in_force = RegulationVersion.objects.filter(regulation=OuterRef("pk"), status=RegulationVersion.Status.IN_FORCE)
    return qs.annotate(version_count=Count("versions"), has_in_force=Exists(in_force)).order_by("title", "pk")


def regulations_of(joint_meeting: JointMeeting) -> list[Regulation]:
    return list(regulation_list(joint_meeting.regulations.all()))


def action_item_list(actor: Actor, *, view: str = "open", today: dt.date | None = None) -> QuerySet[ActionItem]:
    """``open`` (not closed), ``overdue`` (open past the deadline), ``due_soon``
    (open, due within ``DUE_SOON_DAYS``) or ``all``."""
    today = today or timezone.localdate()
    qs = action_items_visible_to(actor)
    open_ = Q(status__in=[ActionItem.Status.OPEN, ActionItem.Status.IN_PROGRESS])
    if view == "overdue":
        qs = qs.filter(open_, deadline__lt=today)
    elif view == "due_soon":
        qs = qs.filter(open_, deadline__gte=today, deadline__lte=today + dt.timedelta(days=DUE_SOON_DAYS))
    elif view != "all":
        qs = qs.filter(open_)
    return qs.order_by("deadline", "pk")


def is_overdue(item: ActionItem, today: dt.date | None = None) -> bool:
    today = today or timezone.localdate()
    return item.status in (ActionItem.Status.OPEN, ActionItem.Status.IN_PROGRESS) and item.deadline < today


def mark_overdue(items: Iterable[ActionItem]) -> None:
    """Set ``overdue`` on each item of a page."""
    today = timezone.localdate()
    for item in items:
        item.overdue = is_overdue(item, today)  # type: ignore[attr-defined]


def notes_of(item: ActionItem) -> list[ProgressNote]:
    return list(item.notes.select_related("written_by"))


@dataclass
class Minutes:
    """Everything the minutes show, from the record (会议纪要)."""

    meeting: Meeting
    sessions: list[Session]
    host_name: str
    categories: list[CategoryCount]
    total: int
    agenda: list[AgendaItem]
    photos: list[MeetingPhoto] = field(default_factory=list)
    officials: list[Registration] = field(default_factory=list)

    @property
    def session(self) -> Session | None:
        return self.sessions[0] if self.sessions else None


def meeting_record(meeting: Meeting) -> Minutes:
    """The minutes without their photos and named officials (the API's meeting detail):
    sessions, host, attendance by category and the agenda, in five queries."""
    sessions = sessions_of(meeting)
    categories = activity_attendance_by_category(meeting.activity_id)
    return Minutes(
        meeting=meeting,
        sessions=sessions,
        host_name=meeting.host.name if meeting.host else "",
        categories=categories,
        total=attendance_total(categories),
        agenda=agenda_of(meeting),
    )


def minutes_of(meeting: Meeting) -> Minutes:
    """The minutes from the record, in a constant number of queries whatever the
    agenda, the attendance and the number of sessions."""
    # Named attendees of note: those invited as 主持/报告人/嘉宾 who did come.
    present = Attendance.objects.filter(session__activity_id=meeting.activity_id, person_id=OuterRef("person_id"))
    officials = list(
        Registration.objects.filter(
            Exists(present),
            activity_id=meeting.activity_id,
            person__isnull=False,
            role__in=[Registration.Role.HOST, Registration.Role.GUEST, Registration.Role.REPORTER],
        )
        .select_related("person")
        .order_by("id")
    )
    return replace(meeting_record(meeting), photos=photos_of(meeting), officials=officials)
