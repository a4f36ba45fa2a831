"""Claiming a shift, the waiting list, cancelling, and the offers of freed places.

The shift's ``claimed`` counter counts the claims and the open offers; it is raised
by one conditional ``UPDATE … SET claimed = claimed + 1 WHERE claimed < capacity``
in the same savepoint as the claim's row, so the database decides who gets the
last place (and a check constraint refuses any row over capacity whatever the
code). A repeat claim of the same person finds the first one (one active claim
per person and shift: a conditional unique constraint). Cancelling before the
cut-off frees the place and offers it to the first one waiting, who has
``offer_hours`` to accept it (the house pattern of counselling's waitlist).
"""

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from jiedao.accounts.actor import Actor
from jiedao.core import audit
from jiedao.core.errors import Conflict
from jiedao.core.models import AuditEntry
from jiedao.core.services import change_detail
from jiedao.people.access import own_person
from jiedao.people.models import Person
from jiedao.volunteering.models import ACTIVE, Claim, ProgrammeSettings, Shift, Task, Volunteer
from jiedao.volunteering.notifications import notify_offer


class ShiftFull(Conflict):
    code = "shift_full"


class NoPerson(Conflict):
    code = "no_person"


class PlacesLeft(Conflict):
    code = "places_left"


class ShiftStarted(Conflict):
    code = "shift_started"


class TooLate(Conflict):
    code = "cancel_too_late"


class NotCancellable(Conflict):
    code = "not_cancellable"


class TaskClosed(Conflict):
    code = "task_closed"


def settings_for(subdistrict_id: int) -> ProgrammeSettings:
    """The sub-district's settings (the defaults, unsaved, until the centre saves them)."""
    found = ProgrammeSettings.objects.filter(subdistrict_id=subdistrict_id).first()
    return found or ProgrammeSettings(subdistrict_id=subdistrict_id)


def claimant(actor: Actor) -> Person:
    person = own_person(actor)
    if person is None:
        raise NoPerson(_("您的账号尚未关联居民信息，请联系居委会或工作人员登记后再认领。"))
    return person


def _active(shift: Shift, person: Person) -> Claim | None:
    return Claim.objects.filter(shift=shift, person=person, status__in=ACTIVE).first()


def _locked_active(shift: Shift, person: Person) -> Claim | None:
    """The person's active claim read again under its row lock (inside the caller's
    transaction): a decline on another phone, a lapse or an offer made meanwhile is
    seen before the status is acted on."""
    found = _active(shift, person)
    if found is None:
        return None
    return Claim.objects.select_for_update().filter(pk=found.pk, status__in=ACTIVE).first()


def _take_place(shift_id: int) -> bool:
    return bool(Shift.objects.filter(pk=shift_id, claimed__lt=F("capacity")).update(claimed=F("claimed") + 1))


def _free_place(shift_id: int) -> None:
    Shift.objects.filter(pk=shift_id, claimed__gt=0).update(claimed=F("claimed") - 1)


def volunteer_number(person: Person) -> str:
    """The person's volunteer number, given at their first claim."""
    found = Volunteer.objects.filter(person=person).values_list("number", flat=True).first()
    if found is not None:
        return found
    number = f"ZY{person.subdistrict_id:04d}{person.pk:08d}"
    try:
        with transaction.atomic():
            Volunteer.objects.create(subdistrict_id=person.subdistrict_id, person=person, number=number)
    except IntegrityError:
        pass  # a concurrent first claim gave it
    return Volunteer.objects.get(person=person).number


def _full(shift: Shift) -> ShiftFull:
    return ShiftFull(_("该班次名额已满，可以加入候补。"), details={"shift": shift.pk, "waiting_list": True})


def _check_not_started(shift: Shift, now: dt.datetime) -> None:
    if shift.session.starts_at <= now:
        raise ShiftStarted(_("该班次已开始，不能再认领。"))


def claim_shift(
    *, actor: Actor, shift: Shift, person: Person | None = None, request: HttpRequest | None = None
) -> tuple[Claim, bool]:
    """Claim a place on ``shift`` for ``person`` (the actor's own record by default).
    ``(claim, True)`` for a new claim; ``(claim, False)`` for a repeat, which changes
    nothing (or accepts a place offered from the waiting list). Raises ``ShiftFull``
    when no place is left (the caller may offer the waiting list)."""
    person = person or claimant(actor)
    now = timezone.now()
    _check_not_started(shift, now)
    lapsed = expire_offers(shift=shift, now=now)
    with transaction.atomic():
        found = _locked_active(shift, person)
        if found is not None:
            if found.status == Claim.Status.OFFERED:
                return _accept_offer(actor=actor, claim=found, shift=shift, now=now, request=request), True
            if found.status == Claim.Status.CLAIMED:
                return found, False
            # Waiting: take a place if one is free now.
            if not _take_place(shift.pk):
                return found, False
            Claim.objects.filter(pk=found.pk, status=Claim.Status.WAITING).update(status=Claim.Status.CLAIMED)
            audit.record(
                actor=actor,
                action=AuditEntry.Action.UPDATE,
                obj=found,
                request=request,
                detail=change_detail({"status": [found.status, Claim.Status.CLAIMED]}),
            )
            found.refresh_from_db()
            return found, True
        if not lapsed and shift.claimed >= shift.capacity:
            # Full when the shift was read: refused without queueing for its row lock
            # (the many losers of a race for the last places).
            raise _full(shift)
        try:
            with transaction.atomic():
                if not _take_place(shift.pk):
                    raise _full(shift)
                claim = Claim.objects.create(
                    subdistrict_id=shift.subdistrict_id, shift=shift, person=person, status=Claim.Status.CLAIMED
                )
        except IntegrityError:
            repeat = _active(shift, person)
            if repeat is None:
                raise
            return repeat, False
        volunteer_number(person)
        audit.record(
            actor=actor,
            action=AuditEntry.Action.CREATE,
            obj=claim,
            request=request,
            detail={"shift": shift.pk, "person": person.pk, "status": claim.status},
        )
    return claim, True


def _accept_offer(*, actor: Actor, claim: Claim, shift: Shift, now: dt.datetime, request: HttpRequest | None) -> Claim:
    # Conditional: an offer declined or lapsed since it was read has given its place back
    # (perhaps to the next one waiting); accepting it must not take that place twice.
    accepted = Claim.objects.filter(pk=claim.pk, status=Claim.Status.OFFERED, offer_expires_at__gt=now).update(
        status=Claim.Status.CLAIMED, offer_expires_at=None
    )
    if not accepted:
        raise _full(shift)
    audit.record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        obj=claim,
        request=request,
        detail=change_detail({"status": [claim.status, Claim.Status.CLAIMED]}),
    )
    claim.refresh_from_db()
    return claim


def join_waitlist(
    *, actor: Actor, shift: Shift, person: Person | None = None, request: HttpRequest | None = None
) -> Claim:
    """Wait for a place on a full shift (a repeat finds the same entry; a shift with
    places left is claimed instead: ``PlacesLeft``; a closed task: ``TaskClosed``).
    Joined under the task's row lock, the lock ``task_set_open`` takes to close it:
    a join and a close at the same instant are decided one after the other, so the
    close either ends the entry or refuses it, and no waiting entry is left behind
    that would never be offered a place."""
    person = person or claimant(actor)
    _check_not_started(shift, timezone.now())
    found = _active(shift, person)
    if found is not None:
        return found
    with transaction.atomic():
        if not Task.objects.select_for_update().filter(pk=shift.task_id, is_open=True).exists():
            raise TaskClosed(_("该任务已停止认领，不能加入候补。"))
        if Shift.objects.filter(pk=shift.pk, claimed__lt=F("capacity")).exists():
            raise PlacesLeft(_("该班次还有名额，请直接认领。"))
        try:
            with transaction.atomic():
                claim = Claim.objects.create(
                    subdistrict_id=shift.subdistrict_id, shift=shift, person=person, status=Claim.Status.WAITING
                )
                audit.record(
                    actor=actor,
                    action=AuditEntry.Action.CREATE,
                    obj=claim,
                    request=request,
                    detail={"shift": shift.pk, "person": person.pk, "status": claim.status},
                )
        except IntegrityError:
            repeat = _active(shift, person)
            if repeat is None:
                raise
            return repeat
    return claim


def cancel_deadline(shift: Shift, settings: ProgrammeSettings | None = None) -> dt.datetime:
    settings = settings or settings_for(shift.subdistrict_id)
    return shift.session.starts_at - dt.timedelta(hours=settings.cancel_cutoff_hours)


@transaction.atomic
def cancel_claim(*, actor: Actor, claim: Claim, request: HttpRequest | None = None) -> Claim:
    """Cancel a claim, leave the waiting list or decline an offer. A claim can be
    cancelled only before the cut-off; its place goes to the first one waiting."""
    current = Claim.objects.select_for_update().filter(pk=claim.pk).first()
    if current is None or current.status not in ACTIVE:
        raise NotCancellable(_("该认领已取消或已结束。"))
    shift = Shift.objects.select_related("session").get(pk=current.shift_id)
    now = timezone.now()
    if current.status == Claim.Status.CLAIMED and now >= cancel_deadline(shift):
        raise TooLate(
            _("已过取消截止时间（开始前%(h)d小时），请直接联系组织方。")
            % {"h": settings_for(shift.subdistrict_id).cancel_cutoff_hours}
        )
    Claim.objects.filter(pk=current.pk).update(status=Claim.Status.CANCELLED, offer_expires_at=None)
    audit.record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        obj=current,
        request=request,
        detail=change_detail({"status": [current.status, Claim.Status.CANCELLED]}),
    )
    if current.status in (Claim.Status.CLAIMED, Claim.Status.OFFERED):
        _free_place(shift.pk)
        offer_next(shift, now=now)
    current.refresh_from_db()
    return current


def offer_next(shift: Shift, *, now: dt.datetime | None = None) -> Claim | None:
    """Offer a free place of ``shift`` to the first one waiting (inside a
    transaction); the offer holds the place until it is accepted, declined or lapses."""
    now = now or timezone.now()
    settings = settings_for(shift.subdistrict_id)
    expires = min(now + dt.timedelta(hours=settings.offer_hours), cancel_deadline(shift, settings))
    if expires <= now:
        return None  # too close to the start: the place stays open to anyone
    if not Task.objects.filter(pk=shift.task_id, is_open=True).exists():
        return None  # a closed task offers nothing (a late waiting entry stays, unanswered)
    first = (
        Claim.objects.select_for_update()
        .filter(shift=shift, status=Claim.Status.WAITING)
        .order_by("created_at", "id")
        .first()
    )
    if first is None or not _take_place(shift.pk):
        return None
    Claim.objects.filter(pk=first.pk).update(status=Claim.Status.OFFERED, offer_expires_at=expires)
    first.refresh_from_db()
    offered = first.pk
    transaction.on_commit(lambda: notify_offer(offered))
    return first


def expire_offers(*, shift: Shift | None = None, now: dt.datetime | None = None) -> int:
    """Lapse the offers past their time (of one shift, or all) and offer each place on."""
    now = now or timezone.now()
    lapsed = Claim.objects.filter(status=Claim.Status.OFFERED, offer_expires_at__lte=now)
    if shift is not None:
        lapsed = lapsed.filter(shift=shift)
    count = 0
    for claim in lapsed.select_related("shift__session"):
        with transaction.atomic():
            if Claim.objects.filter(pk=claim.pk, status=Claim.Status.OFFERED).update(status=Claim.Status.LAPSED):
                count += 1
                _free_place(claim.shift_id)
                offer_next(claim.shift, now=now)
    return count
