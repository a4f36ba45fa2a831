"""Business operations of the joint meeting system. Pages, the API, the demo
loader and the reminder task call these functions: each validates its input (one
``*_values`` function per record), runs in one transaction, checks the actor may
manage meetings (``PermissionDenied`` otherwise: a 403 on a page), and writes an
audit entry for every change.

Split by sub-domain; every public name is here, so that
``from jiedao.meetings import services; services.meeting_create(...)`` works.
"""

from jiedao.meetings.services.actions import (
    NOTE_MAX_LENGTH,
    action_item_create,
    action_item_set_status,
    action_item_update,
    action_item_values,
    progress_note_add,
)
from jiedao.meetings.services.agenda import (
    DECISION_KINDS,
    agenda_item_add,
    agenda_item_delete,
    agenda_item_move,
    agenda_item_update,
    agenda_item_values,
    commendation_add,
    commendation_delete,
    requirement_add,
)
from jiedao.meetings.services.body import (
    joint_meeting_create,
    joint_meeting_update,
    joint_meeting_values,
    member_add,
    member_leave,
)
from jiedao.meetings.services.meetings import (
    meeting_create,
    meeting_invite,
    meeting_invite_members,
    meeting_update,
    meeting_values,
    member_category,
)
from jiedao.meetings.services.photos import photo_add, photo_delete, photo_reclean
from jiedao.meetings.services.regulations import (
    TRANSITIONS,
    regulation_create,
    version_create,
    version_transition,
    version_values,
)

__all__ = [
    "DECISION_KINDS",
    "NOTE_MAX_LENGTH",
    "TRANSITIONS",
    "action_item_create",
    "action_item_set_status",
    "action_item_update",
    "action_item_values",
    "agenda_item_add",
    "agenda_item_delete",
    "agenda_item_move",
    "agenda_item_update",
    "agenda_item_values",
    "commendation_add",
    "commendation_delete",
    "joint_meeting_create",
    "joint_meeting_update",
    "joint_meeting_values",
    "meeting_create",
    "meeting_invite",
    "meeting_invite_members",
    "meeting_update",
    "meeting_values",
    "member_add",
    "member_category",
    "member_leave",
    "photo_add",
    "photo_delete",
    "photo_reclean",
    "progress_note_add",
    "regulation_create",
    "requirement_add",
    "version_create",
    "version_transition",
    "version_values",
]
