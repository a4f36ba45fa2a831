"""Who may see and change the joint meeting records. The one place these rules
live: pages, the API and the minutes all go through these functions.

- Offices of the sub-district (``OFFICE_ROLES``) manage everything: the body and
  its member units, regulations, meetings, agendas, action items.
- Other staff of the sub-district (union chairs, counsellors, training providers)
  read the body, its members and its regulations (rules the member units live by),
  and read a meeting only when they are invited to it: their own person, or a unit
  they answer for, holds an invitation that was not cancelled. They see the action items owned by a unit
  they answer for and may add progress notes to them.
- Residents see nothing here; they sign in through the activities pages.
- Anything of another sub-district does not exist (``Http404``); what a reader
  sees but may not change is refused (403), see ``jiedao.accounts.access``.
"""

from typing import TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, Model, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from jiedao.accounts.access import one_for_actor, scoped
from jiedao.accounts.actor import OFFICE_ROLES, Actor
from jiedao.activities.models import Registration
from jiedao.meetings.models import (
    ActionItem,
    AgendaItem,
    Commendation,
    JointMeeting,
    Meeting,
    MeetingPhoto,
    MemberUnit,
    Regulation,
    RegulationVersion,
    Requirement,
)

MANAGE_ROLES = OFFICE_ROLES
M = TypeVar("M", bound=Model)


def can_manage(actor: Actor) -> bool:
    return actor.subdistrict_id is not None and actor.has_role(*MANAGE_ROLES)


def _refusal() -> str:
    return _("只有街道机关科室可以管理联席会议。")


def require_manager(actor: Actor, subdistrict_id: int | None = None) -> None:
    """Only the offices manage, and only the records of their own sub-district."""
    if not can_manage(actor) or (subdistrict_id is not None and actor.subdistrict_id != subdistrict_id):
        raise PermissionDenied(_refusal())


def may_note(actor: Actor, item: ActionItem) -> bool:
    """A progress note is written by an office or by the owner unit's chair."""
    return actor.subdistrict_id == item.subdistrict_id and (
        can_manage(actor) or item.owner_unit_id in _own_units(actor)
    )


def _own_units(actor: Actor) -> frozenset[int]:
    return actor.unit_ids(*actor.roles)


def joint_meetings_visible_to(actor: Actor) -> QuerySet[JointMeeting]:
    return scoped(JointMeeting.objects.all(), actor).select_related("convenor_unit", "convenor")


def regulations_visible_to(actor: Actor) -> QuerySet[Regulation]:
    return scoped(Regulation.objects.all(), actor).select_related("joint_meeting")


def meetings_visible_to(actor: Actor) -> QuerySet[Meeting]:
    qs = scoped(Meeting.objects.all(), actor)
    if not can_manage(actor):
        whom = Q(person__user_id=actor.user.pk if actor.user else None)
        units = _own_units(actor)
        if units:
            whom |= Q(unit_id__in=units)
        invitations = Registration.objects.filter(whom, activity_id=OuterRef("activity_id")).exclude(
            status=Registration.Status.CANCELLED
        )
        qs = qs.filter(Exists(invitations))
    return qs.select_related("activity", "joint_meeting", "host")


def action_items_visible_to(actor: Actor) -> QuerySet[ActionItem]:
    qs = scoped(ActionItem.objects.all(), actor)
    if not can_manage(actor):
        qs = qs.filter(owner_unit_id__in=_own_units(actor))
    return qs.select_related("owner_unit", "meeting__activity")


def _in_meetings(actor: Actor) -> QuerySet[Meeting]:
    return meetings_visible_to(actor).values("pk")  # type: ignore[return-value]


def _managed(queryset: QuerySet[M], actor: Actor, pk: int, for_update: bool) -> M:
    """Every record here is changed by the offices only."""
    return one_for_actor(queryset, pk, for_update=for_update, may_change=can_manage(actor), refusal=_refusal())


def joint_meeting_for_actor(actor: Actor, pk: int, *, for_update: bool = False) -> JointMeeting:
    """The body ``pk`` if the actor may read it (404 otherwise); with
    ``for_update`` also the right to change it (403 for a reader)."""
    return _managed(joint_meetings_visible_to(actor), actor, pk, for_update)


def member_for_actor(actor: Actor, pk: int, *, for_update: bool = False) -> MemberUnit:
    return _managed(scoped(MemberUnit.objects.select_related("unit"), actor), actor, pk, for_update)


def regulation_for_actor(actor: Actor, pk: int, *, for_update: bool = False) -> Regulation:
    return _managed(regulations_visible_to(actor), actor, pk, for_update)


def version_for_actor(actor: Actor, pk: int, *, for_update: bool = False) -> RegulationVersion:
    return _managed(scoped(RegulationVersion.objects.all(), actor), actor, pk, for_update)


def meeting_for_actor(actor: Actor, pk: int, *, for_update: bool = False) -> Meeting:
    """The meeting ``pk`` if the actor may read it (404 otherwise); with
    ``for_update`` also the right to change it (403 for a reader)."""
    return _managed(meetings_visible_to(actor), actor, pk, for_update)


def agenda_item_for_actor(actor: Actor, pk: int, *, for_update: bool = False) -> AgendaItem:
    """An item of a meeting the actor may read; changing it is for the offices."""
    qs = AgendaItem.objects.filter(meeting_id__in=_in_meetings(actor)).select_related("meeting__activity")
    return _managed(qs, actor, pk, for_update)


def commendation_for_actor(actor: Actor, pk: int, *, for_update: bool = False) -> Commendation:
    qs = Commendation.objects.filter(agenda_item__meeting_id__in=_in_meetings(actor)).select_related("agenda_item")
    return _managed(qs, actor, pk, for_update)


def requirement_for_actor(actor: Actor, pk: int, *, for_update: bool = False) -> Requirement:
    qs = Requirement.objects.filter(agenda_item__meeting_id__in=_in_meetings(actor)).select_related(
        "agenda_item__meeting"
    )
    return _managed(qs, actor, pk, for_update)


def photo_for_actor(actor: Actor, pk: int, *, for_update: bool = False) -> MeetingPhoto:
    return _managed(MeetingPhoto.objects.filter(meeting_id__in=_in_meetings(actor)), actor, pk, for_update)


def action_item_for_actor(actor: Actor, pk: int, *, for_update: bool = False) -> ActionItem:
    """Readers (the owner unit's chair) may add notes (``may_note``); changing the
    item itself (status, deadline) is for the offices."""
    return _managed(action_items_visible_to(actor), actor, pk, for_update)
