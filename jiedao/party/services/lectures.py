"""Lectures (党课) and 主题党日: an activity of kind lecture with one session, made
through ``activities.services``; invitations go to the members of branches, one
``Registration`` per member. Sign-in is the activities' QR sign-in."""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from jiedao.accounts.actor import Actor
from jiedao.activities import services as activities
from jiedao.activities.access import can_organise
from jiedao.activities.models import Activity, Registration
from jiedao.core import audit
from jiedao.core.errors import Forbidden
from jiedao.core.services import check_same_tenant, clean_text, new_errors, raise_if
from jiedao.org.models import ResidentialArea, Unit
from jiedao.party.access import LECTURE_ROLES
from jiedao.party.models import Branch, Lecture, PartyMember
from jiedao.people.models import Person


def lecture_values(
    *,
    subdistrict_id: int,
    kind: str,
    topic: str,
    campaign: str,
    speaker_kind: str,
    speaker: Person | None,
    speaker_name: str,
    speaker_title: str,
    format: str,
) -> dict[str, Any]:
    errors = new_errors()
    if kind not in Lecture.Kind.values:
        errors["kind"].append(_("类型无效。"))
    topic = clean_text(errors, "topic", topic, max_length=200, required=True)
    campaign = clean_text(errors, "campaign", campaign, max_length=100)
    if speaker_kind not in Lecture.SpeakerKind.values:
        errors["speaker_kind"].append(_("主讲人类别无效。"))
    check_same_tenant(errors, "speaker", speaker, subdistrict_id)
    speaker_name = clean_text(errors, "speaker_name", speaker_name, max_length=64)
    speaker_title = clean_text(errors, "speaker_title", speaker_title, max_length=100)
    if speaker is None and not speaker_name:
        errors["speaker_name"].append(_("请选择主讲人或填写主讲人姓名。"))
    if format not in Lecture.Format.values:
        errors["format"].append(_("学时计算方式无效。"))
    raise_if(errors)
    return {
        "kind": kind,
        "topic": topic,
        "campaign": campaign,
        "speaker_kind": speaker_kind,
        "speaker": speaker,
        "speaker_name": "" if speaker is not None else speaker_name,
        "speaker_title": speaker_title,
        "format": format,
    }


@transaction.atomic
def lecture_create(
    *,
    actor: Actor,
    title: str,
    organiser: Unit | None,
    starts_at: dt.datetime | None,
    ends_at: dt.datetime | None,
    place: str,
    residential_area: ResidentialArea | None = None,
    branches: Iterable[Branch] = (),
    kind: str = Lecture.Kind.LECTURE,
    topic: str = "",
    campaign: str = "",
    speaker_kind: str = Lecture.SpeakerKind.LEADER,
    speaker: Person | None = None,
    speaker_name: str = "",
    speaker_title: str = "",
    format: str = Lecture.Format.HALF_DAY,
    request: HttpRequest | None = None,
) -> Lecture:
    """A lecture: the activity (kind lecture), its session, the lecture's record,
    and an invitation for every current member of ``branches``."""
    if actor.subdistrict_id is None or not actor.has_role(*LECTURE_ROLES):
        raise Forbidden(_("您无权组织党课。"))
    values = lecture_values(
        subdistrict_id=actor.subdistrict_id,
        kind=kind,
        topic=topic,
        campaign=campaign,
        speaker_kind=speaker_kind,
        speaker=speaker,
        speaker_name=speaker_name,
        speaker_title=speaker_title,
        format=format,
    )
    try:
        activity = activities.activity_create(
            actor=actor,
            kind=Activity.Kind.LECTURE,
            title=title,
            organiser=organiser,
            residential_area=residential_area,
            description=values["topic"],
            request=request,
        )
        activities.session_create(
            actor=actor, activity=activity, starts_at=starts_at, ends_at=ends_at, place=place, request=request
        )
    except ValidationError as exc:
        raise ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages) from exc
    lecture = Lecture.objects.create(subdistrict_id=activity.subdistrict_id, activity=activity, **values)
    audit.record_created(actor=actor, obj=lecture, values={**values, "activity": activity.pk}, request=request)
    for branch in branches:
        lecture_invite_branch(actor=actor, lecture=lecture, branch=branch, request=request)
    return lecture


@transaction.atomic
def lecture_invite_branches(
    *, actor: Actor, lecture: Lecture, branches: Iterable[Branch], request: HttpRequest | None = None
) -> int:
    """Invite the current members of more branches to an existing lecture (from its
    page); returns how many members the branches have. Once they attend, the lecture
    counts for their study hours like any other."""
    branches = list(branches)
    if not branches:
        raise ValidationError({"branches": [_("请选择要邀请的党组织。")]})
    return sum(lecture_invite_branch(actor=actor, lecture=lecture, branch=b, request=request) for b in branches)


@transaction.atomic
def lecture_invite_branch(*, actor: Actor, lecture: Lecture, branch: Branch, request: HttpRequest | None = None) -> int:
    """Invite every current member of ``branch`` (idempotent); returns how many members."""
    activity = lecture.activity
    allowed = actor.has_role(*LECTURE_ROLES) and can_organise(actor, activity)
    if not allowed or branch.subdistrict_id != activity.subdistrict_id:
        raise Forbidden(_("您无权组织此活动。"))
    members = PartyMember.objects.filter(branch=branch, transferred_out_on__isnull=True).select_related("person")
    invited = set(
        Registration.objects.filter(activity=activity, person__isnull=False).values_list("person_id", flat=True)
    )
    n = 0
    for member in members:
        n += 1
        if member.person_id not in invited:
            activities.invite(actor=actor, activity=activity, person=member.person, request=request)
    return n
