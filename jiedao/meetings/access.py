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
- Anything of another sub-district does not exist (``Http404``).
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from jiedao.accounts.actor import OFFICE_ROLES, Actor
from jiedao.activities.models import Registration
from jiedao.meetings.models import ActionItem, JointMeeting, Meeting, Regulation

MANAGE_ROLES = OFFICE_ROLES


def can_manage(actor: Actor) -> bool:
    return actor.subdistrict_id is not None and actor.has_role(*MANAGE_ROLES)


def require_manager(actor: Actor) -> None:
    if not can_manage(actor):
        raise PermissionDenied(_("只有街道机关科室可以管理联席会议。"))


def _tenant(actor: Actor) -> int | None:
    return actor.subdistrict_id if actor.is_staff_member else None


def tenant_of(actor: Actor) -> int:
    tenant = _tenant(actor)
    if tenant is None:
        raise Http404
    return tenant


def _own_units(actor: Actor) -> frozenset[int]:
    return actor.unit_ids(*actor.roles)


def joint_meetings_visible_to(actor: Actor) -> QuerySet[JointMeeting]:
    tenant = _tenant(actor)
    if tenant is None:
        return JointMeeting.objects.none()
    return JointMeeting.objects.filter(subdistrict_id=tenant).select_related("convenor_unit", "convenor")


def regulations_visible_to(actor: Actor) -> QuerySet[Regulation]:
    tenant = _tenant(actor)
    if tenant is None:
        return Regulation.objects.none()
    return Regulation.objects.filter(subdistrict_id=tenant).select_related("joint_meeting")


def meetings_visible_to(actor: Actor) -> QuerySet[Meeting]:
    tenant = _tenant(actor)
    if tenant is None:
        return Meeting.objects.none()
    qs = Meeting.objects.filter(subdistrict_id=tenant)
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


def _one(qs: QuerySet, pk: int, actor: Actor, to_change: bool):  # type: ignore[no-untyped-def,type-arg]
    """The object ``pk`` of ``qs`` (404 outside it); ``to_change``: also the right to
    change it (403 for a reader), and its row locked when the caller is in a transaction
    (the services take the locks their invariants need themselves)."""
    if to_change:
        if not qs.filter(pk=pk).exists():
            raise Http404
        require_manager(actor)
        if transaction.get_connection().in_atomic_block:  # lock only inside the caller's transaction
            qs = qs.select_for_update(of=("self",))
    obj = qs.filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


def joint_meeting_for_actor(actor: Actor, pk: int, *, to_change: bool = False) -> JointMeeting:
    obj: JointMeeting = _one(joint_meetings_visible_to(actor), pk, actor, to_change)
    return obj


def regulation_for_actor(actor: Actor, pk: int, *, to_change: bool = False) -> Regulation:
    obj: Regulation = _one(regulations_visible_to(actor), pk, actor, to_change)
    return obj


def meeting_for_actor(actor: Actor, pk: int, *, to_change: bool = False) -> Meeting:
    """The meeting ``pk`` if the actor may read it (404 otherwise); with
    ``to_change`` also the right to change it (403 for a reader)."""
    obj: Meeting = _one(meetings_visible_to(actor), pk, actor, to_change)
    return obj


def action_items_visible_to(actor: Actor) -> QuerySet[ActionItem]:
    tenant = _tenant(actor)
    if tenant is None:
        return ActionItem.objects.none()
    qs = ActionItem.objects.filter(subdistrict_id=tenant)
    if not can_manage(actor):
        qs = qs.filter(owner_unit_id__in=_own_units(actor))
    return qs.select_related("owner_unit", "meeting__activity")


def action_item_for_actor(actor: Actor, pk: int, *, to_change: bool = False) -> ActionItem:
    """Readers (the owner unit's chair) may add notes; changing the item itself
    (status, deadline) is for the offices: see ``can_manage``."""
    qs = action_items_visible_to(actor)
    if to_change and transaction.get_connection().in_atomic_block:
        qs = qs.select_for_update(of=("self",))
    obj = qs.filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj
