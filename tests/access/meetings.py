"""Access rows of the joint meeting pages and API (``jiedao/meetings``).

Offices manage; other staff read the body and its regulations, and a meeting
only when invited (the test meeting invites 嘉春, so its chair ``jiachun`` reads
it and the action item 嘉春 owns); residents and the other sub-district nothing.
"""

from typing import Any

from jiedao.meetings import services
from jiedao.meetings.tests.helpers import ACTION_TITLE, MEETING_TITLE, meeting_world
from jiedao.testing import World
from tests.access.common import OFFICES, OFFICES_ANYWHERE, STAFF, STAFF_ANYWHERE, Case, Target

INVITED = OFFICES | {"jiachun"}


def _pk(attr: str) -> Any:
    return lambda w: {"pk": getattr(meeting_world(w), attr).pk}


def _title(w: World) -> str:
    meeting_world(w)
    return MEETING_TITLE


def _action_title(w: World) -> str:
    meeting_world(w)
    return ACTION_TITLE


def _fresh_item(w: World) -> dict[str, int]:
    mw = meeting_world(w)
    item = services.agenda_item_add(actor=mw.actor, meeting=mw.meeting, kind="ceremony", title="揭牌")
    return {"pk": item.pk}


def _fresh_commendation(w: World) -> dict[str, int]:
    mw = meeting_world(w)
    unit = w.jiachun if not mw.commendation.commendations.filter(unit=w.jiachun).exists() else None
    if unit is None:
        mw.commendation.commendations.filter(unit=w.jiachun).delete()
        unit = w.jiachun
    c = services.commendation_add(actor=mw.actor, item=mw.commendation, unit=unit, award="先进")
    return {"pk": c.pk}


def _fresh_photo(w: World) -> dict[str, int]:
    from jiedao.meetings.models import MeetingPhoto

    mw = meeting_world(w)
    # A row without a file: deleting it must still work (the storage ignores a missing file).
    photo = MeetingPhoto.objects.create(
        subdistrict=w.liangcheng, meeting=mw.meeting, image="meetings/access-test.png", caption="合影"
    )
    return {"pk": photo.pk}


def _stored_photo(w: World) -> dict[str, int]:
    """A photo uploaded through the service, file and all (once per world)."""
    from django.core.files.base import ContentFile

    from jiedao.meetings.models import MeetingPhoto
    from tests.hostile.images import phone_jpeg

    photo = w.extras.get("meeting_photo")
    if not isinstance(photo, MeetingPhoto):
        mw = meeting_world(w)
        upload = ContentFile(phone_jpeg(), name="合影.jpg")
        photo = services.photo_add(actor=mw.actor, meeting=mw.meeting, image=upload, caption="合影")
        w.extras["meeting_photo"] = photo
    return {"pk": photo.pk}


# Reading pages are for any staff member (``@staff()``): a meeting or action item one
# is not invited to is not found (404). Changes are for the offices
# (``@staff(*OFFICE_ROLES)``): the invited 嘉春 chair is refused by the role (403).
READ = STAFF_ANYWHERE
MANAGE = OFFICES_ANYWHERE

PAGES = {
    "meetings:index": Case(targets=[Target(STAFF_ANYWHERE, leak=_title, sees=INVITED)]),
    # Without a joint meeting body the page sends the office on to set one up.
    "meetings:create": Case(targets=[Target(OFFICES_ANYWHERE, status=302)]),
    "meetings:detail": Case(targets=[Target(INVITED, _pk("meeting"), leak=_title)], gate=READ),
    "meetings:edit": Case(
        "post",
        [Target(OFFICES, _pk("meeting"), data=lambda w: {"host": "乐跃明", "summary": "x"}, status=302)],
        gate=MANAGE,
    ),
    "meetings:invite": Case(
        "post", [Target(OFFICES, _pk("meeting"), data=lambda w: {"members": "1"}, status=302)], gate=MANAGE
    ),
    "meetings:agenda_add": Case(
        "post",
        [Target(OFFICES, _pk("meeting"), data=lambda w: {"new-kind": "report", "new-title": "通报"}, status=302)],
        gate=MANAGE,
    ),
    # The picture: whoever reads the meeting (its page and minutes show it).
    "meetings:photo": Case(targets=[Target(INVITED, _stored_photo)], gate=READ),
    "meetings:photo_delete": Case("post", [Target(OFFICES, _fresh_photo, status=302)], gate=MANAGE),
    "meetings:photo_add": Case(
        "post", [Target(OFFICES, _pk("meeting"), data=lambda w: {"caption": "合影"}, status=302)], gate=MANAGE
    ),
    "meetings:minutes": Case(targets=[Target(INVITED, _pk("meeting"), leak=_title)], gate=READ),
    "meetings:minutes_pdf": Case(targets=[Target(INVITED, _pk("meeting"))], gate=READ),
    "meetings:agenda_edit": Case(targets=[Target(OFFICES, _pk("report"))], gate=MANAGE),
    "meetings:agenda_move": Case(
        "post", [Target(OFFICES, _pk("report"), data=lambda w: {"direction": "down"}, status=302)], gate=MANAGE
    ),
    "meetings:agenda_delete": Case("post", [Target(OFFICES, _fresh_item, status=302)], gate=MANAGE),
    "meetings:commendation_add": Case(
        "post",
        [Target(OFFICES, _pk("commendation"), data=lambda w: {"unit": w.jiachun.pk, "award": "先进"}, status=302)],
        gate=MANAGE,
    ),
    "meetings:commendation_delete": Case("post", [Target(OFFICES, _fresh_commendation, status=302)], gate=MANAGE),
    "meetings:requirement_add": Case(
        "post", [Target(OFFICES, _pk("speech"), data=lambda w: {"text": "强化服务意识"}, status=302)], gate=MANAGE
    ),
    "meetings:requirement_action": Case(
        "post",
        [
            Target(
                OFFICES,
                _pk("requirement"),
                data=lambda w: {"title": "督办", "owner_unit": w.jiachun.pk, "deadline": "2030-01-01"},
                status=302,
            )
        ],
        gate=MANAGE,
    ),
    "meetings:body_list": Case(targets=[Target(STAFF_ANYWHERE, leak=lambda w: meeting_world(w).body.name, sees=STAFF)]),
    "meetings:body": Case(targets=[Target(STAFF, _pk("body"))], gate=READ),
    "meetings:body_edit": Case(targets=[Target(OFFICES, _pk("body"))], gate=MANAGE),
    "meetings:regulation_create": Case(
        "post", [Target(OFFICES, _pk("body"), data=lambda w: {"title": "新制度"}, status=302)], gate=MANAGE
    ),
    "meetings:member_leave": Case("post", [Target(OFFICES, _pk("member"), status=302)], gate=MANAGE),
    "meetings:regulation_list": Case(
        targets=[Target(STAFF_ANYWHERE, leak=lambda w: meeting_world(w).regulation.title, sees=STAFF)]
    ),
    "meetings:regulation": Case(targets=[Target(STAFF, _pk("regulation"))], gate=READ),
    "meetings:version_transition": Case(
        "post",
        [
            Target(
                OFFICES,
                lambda w: {"pk": meeting_world(w).regulation.versions.get().pk},
                data=lambda w: {"status": "review"},
                status=302,
            )
        ],
        gate=MANAGE,
    ),
    "meetings:action_list": Case(targets=[Target(STAFF_ANYWHERE, lambda w: {}, leak=_action_title, sees=INVITED)]),
    "meetings:action": Case(targets=[Target(INVITED, _pk("action"), leak=_action_title)], gate=READ),
    "meetings:action_edit": Case(targets=[Target(OFFICES, _pk("action"))], gate=MANAGE),
    # The owner unit's chair follows the item up with notes.
    "meetings:action_note": Case(
        "post", [Target(INVITED, _pk("action"), data=lambda w: {"text": "已部署"}, status=302)], gate=READ
    ),
    "meetings:action_status": Case(
        "post", [Target(OFFICES, _pk("action"), data=lambda w: {"status": "in_progress"}, status=302)], gate=MANAGE
    ),
}

API: dict[tuple[str, str], Case] = {
    ("GET", "/meetings"): Case(targets=[Target(STAFF_ANYWHERE, leak=_title, sees=INVITED)]),
    ("GET", "/meetings/{pk}"): Case(targets=[Target(INVITED, _pk("meeting"), leak=_title)], gate=READ),
    ("GET", "/meetings/{pk}/minutes.pdf"): Case(targets=[Target(INVITED, _pk("meeting"))], gate=READ),
}
