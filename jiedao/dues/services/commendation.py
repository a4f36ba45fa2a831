"""The picked shortlist becomes the 表彰 item of a joint meeting, through the
meetings app's own services: the units and their reasons are never retyped."""

from collections.abc import Iterable

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from jiedao.accounts.actor import Actor
from jiedao.core.services import clean_text, new_errors, raise_if
from jiedao.dues.access import assessments_visible_to, require_manager
from jiedao.dues.selectors.shortlist import shortlist
from jiedao.meetings import services as meetings
from jiedao.meetings.models import AgendaItem, Meeting

REASON_LENGTH = 300  # meetings.Commendation.reason


def default_title(year: int) -> str:
    return _("表彰%(year)d年度非公企业交纳经费工作中表现突出的单位") % {"year": year}


def default_award(year: int) -> str:
    return _("%(year)d年度非公企业交纳经费工作表现突出单位") % {"year": year}


@transaction.atomic
def commend_from_shortlist(
    *,
    actor: Actor,
    year: int,
    meeting: Meeting | None,
    unit_ids: Iterable[int],
    title: str = "",
    award: str = "",
    request: HttpRequest | None = None,
) -> AgendaItem:
    """Add a 表彰 item to ``meeting`` commending the picked units of ``year``'s
    shortlist, in the shortlist's order, each with its reasons."""
    sd = actor.subdistrict_id
    assert sd is not None
    require_manager(actor, sd)
    errors = new_errors()
    if meeting is None or meeting.subdistrict_id != sd:
        errors["meeting"].append(_("请选择会议。"))
    picked = set(unit_ids)
    entries = [e for e in shortlist(assessments_visible_to(actor), year) if e.unit.pk in picked]
    if not picked:
        errors["units"].append(_("请至少选择一家企业。"))
    elif len(entries) != len(picked):
        errors["units"].append(_("所选企业不在%(year)d年度的表彰候选名单中。") % {"year": year})
    title = clean_text(errors, "title", title or default_title(year), max_length=200, required=True)
    award = clean_text(errors, "award", award or default_award(year), max_length=100, required=True)
    raise_if(errors)
    assert meeting is not None
    item = meetings.agenda_item_add(
        actor=actor, meeting=meeting, kind=AgendaItem.Kind.COMMENDATION, title=title, request=request
    )
    for entry in entries:
        meetings.commendation_add(
            actor=actor,
            item=item,
            unit=entry.unit,
            award=award,
            reason=" ".join(entry.reasons)[:REASON_LENGTH],
            request=request,
        )
    return item
