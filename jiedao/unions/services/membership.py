"""Membership: apply (the worker, on a phone), the union's review, the federation's
review (card number on approval), transfer, leave and reinstatement. Every step is a
``MembershipEvent`` and an audit entry; no row is ever deleted.

The registry's ``Person.is_union_member`` follows the membership (set on approval and
reinstatement, cleared on leaving), so the coverage figures read one source.
"""

import datetime as dt

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from jiedao.accounts.actor import Actor
from jiedao.core import audit
from jiedao.core.certificates import new_certificate_number
from jiedao.core.errors import Conflict, DomainError, Forbidden, NotFound
from jiedao.core.models import AuditEntry
from jiedao.people.models import Person
from jiedao.unions import access
from jiedao.unions.models import (
    OPEN_STATUSES,
    CoveredUnit,
    EventKind,
    JointBasis,
    Membership,
    MembershipEvent,
    MembershipStatus,
    UnionKind,
    UnionOrganisation,
)

CARD_PREFIX = "GH"


def suggest_union(person: Person) -> UnionOrganisation | None:
    """The base union a worker would join: the employer's own union, else the joint
    union covering the employer, else the joint union of the employer's residential
    area, else of the worker's own residential area."""
    base = UnionOrganisation.objects.filter(subdistrict_id=person.subdistrict_id)
    employer = person.employer
    if employer is not None:
        own = base.filter(kind=UnionKind.ENTERPRISE, unit=employer).first()
        if own is not None:
            return own
        cover = CoveredUnit.objects.filter(unit=employer).select_related("union").first()
        if cover is not None:
            return cover.union
        if employer.grid_id is not None:
            by_grid = base.filter(kind=UnionKind.JOINT, grid_id=employer.grid_id).first()
            if by_grid is not None:
                return by_grid
            area_union = (
                base.filter(kind=UnionKind.JOINT, basis=JointBasis.AREA, residential_area__grids=employer.grid_id)
                .order_by("id")
                .first()
            )
            if area_union is not None:
                return area_union
    if person.residential_area_id is not None:
        return (
            base.filter(kind=UnionKind.JOINT, basis=JointBasis.AREA, residential_area_id=person.residential_area_id)
            .order_by("id")
            .first()
        )
    return None


def _event(membership: Membership, kind: str, actor: Actor | None, note: str = "") -> MembershipEvent:
    return MembershipEvent.objects.create(
        subdistrict_id=membership.subdistrict_id,
        membership=membership,
        kind=kind,
        at=timezone.now(),
        by=actor.user if actor is not None else None,
        note=note[:200],
    )


def _audit(actor: Actor, membership: Membership, what: str, request: HttpRequest | None, **detail: object) -> None:
    audit.record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        obj=membership,
        detail={"step": what, "status": membership.status, **detail},
        request=request,
    )


@transaction.atomic
def apply(
    *, actor: Actor, person: Person | None, union_id: int | None = None, request: HttpRequest | None = None
) -> Membership:
    """The worker's application (我要入会): identity and employer from the registry."""
    if person is None:
        raise Conflict(_("您的账号尚未关联人员信息，请联系所在居民区。"), code="no_person")
    person = Person.objects.select_for_update(of=("self",)).select_related("employer").get(pk=person.pk)
    if not person.is_worker and person.employer_id is None:
        raise DomainError(
            _("登记信息中您不是在职职工，暂不能申请入会；如有变化请联系所在居民区更新登记。"), code="not_a_worker"
        )
    current = Membership.objects.filter(person=person, status__in=[MembershipStatus.ACTIVE, *OPEN_STATUSES]).first()
    if current is not None and current.status == MembershipStatus.ACTIVE:
        raise Conflict(_("您已是工会会员。"), code="already_member")
    if current is not None:
        raise Conflict(_("您已有一份入会申请在审核中。"), code="already_applied")
    if union_id is not None:
        union = UnionOrganisation.objects.filter(
            subdistrict_id=person.subdistrict_id, pk=union_id, kind__in=[UnionKind.JOINT, UnionKind.ENTERPRISE]
        ).first()
        if union is None:
            raise DomainError(_("请选择本街道的基层工会。"), code="invalid_union", field="union")
    else:
        union = suggest_union(person)
        if union is None:
            raise DomainError(_("暂未找到可加入的基层工会，请联系街道总工会。"), code="no_union", field="union")
    try:
        with transaction.atomic():
            membership = Membership.objects.create(
                subdistrict_id=person.subdistrict_id,
                person=person,
                union=union,
                employer=person.employer,
                status=MembershipStatus.PENDING_UNION,
                applied_at=timezone.now(),
            )
    except IntegrityError as exc:  # an application sent twice at once
        raise Conflict(_("您已有一份入会申请在审核中。"), code="already_applied") from exc
    _event(membership, EventKind.APPLIED, actor)
    audit.record_created(actor=actor, obj=membership, values={"union": union.name}, request=request)
    return membership


def _locked(actor: Actor, membership_id: int) -> Membership:
    membership = (
        access.memberships_visible_to(actor)
        .select_for_update(of=("self",))
        .select_related("union", "person")
        .filter(pk=membership_id)
        .first()
    )
    if membership is None:
        raise NotFound(_("没有找到该会籍。"))
    return membership


@transaction.atomic
def decide(
    *, actor: Actor, membership_id: int, approve: bool, reason: str = "", request: HttpRequest | None = None
) -> Membership:
    """One review: the union's own (pending_union) or the federation's (pending_federation)."""
    membership = _locked(actor, membership_id)
    reason = reason.strip()
    if membership.status == MembershipStatus.PENDING_UNION:
        if not access.unions_reviewed_by(actor).filter(pk=membership.union_id).exists():
            raise Forbidden(_("入会申请先由所申请的工会审核。"))
        next_status = MembershipStatus.PENDING_FEDERATION
        kind = EventKind.UNION_APPROVED
    elif membership.status == MembershipStatus.PENDING_FEDERATION:
        if not access.is_federation(actor):
            raise Forbidden(_("工会审核通过后，由街道总工会审核。"))
        next_status = MembershipStatus.ACTIVE
        kind = EventKind.FEDERATION_APPROVED
    else:
        raise Conflict(_("该申请已处理。"), code="already_decided")
    if not approve:
        if not reason:
            raise DomainError(_("请填写不通过的理由。"), code="reason_required", field="reason")
        membership.status = MembershipStatus.REJECTED
        membership.note = reason[:200]
        membership.save(update_fields=["status", "note"])
        _event(membership, EventKind.REJECTED, actor, reason)
        _audit(actor, membership, "rejected", request, reason=reason)
        return membership
    membership.status = next_status
    if next_status == MembershipStatus.ACTIVE:
        membership.card_number = new_certificate_number(CARD_PREFIX)
        membership.joined_on = timezone.localdate()
    try:
        with transaction.atomic():
            membership.save(update_fields=["status", "card_number", "joined_on"])
    except IntegrityError as exc:
        raise Conflict(_("此人已是另一基层工会的会员，请先办理转会或退会。"), code="already_member") from exc
    if next_status == MembershipStatus.ACTIVE:
        Person.objects.filter(pk=membership.person_id).update(is_union_member=True)
    _event(membership, kind, actor, reason)
    _audit(actor, membership, kind, request)
    return membership


def _managed(actor: Actor, membership_id: int, *, status: str) -> Membership:
    membership = _locked(actor, membership_id)
    if not access.may_manage(actor, membership.union):
        raise Forbidden(_("只有该工会或街道总工会可以办理。"))
    if membership.status != status:
        raise Conflict(_("该会籍的状态已变化，请刷新后再试。"), code="status_changed")
    return membership


def _end(membership: Membership, status: str, note: str) -> None:
    today = timezone.localdate()
    membership.status = status
    membership.ended_on = max(today, membership.joined_on) if membership.joined_on else today
    membership.note = note[:200]
    membership.save(update_fields=["status", "ended_on", "note"])


def _new_spell(old: Membership, union: UnionOrganisation, joined_on: dt.date) -> Membership:
    person = old.person
    return Membership.objects.create(
        subdistrict_id=old.subdistrict_id,
        person=person,
        union=union,
        employer_id=person.employer_id,
        status=MembershipStatus.ACTIVE,
        card_number=old.card_number,
        joined_on=joined_on,
        previous=old,
    )


@transaction.atomic
def transfer(
    *, actor: Actor, membership_id: int, union_id: int, note: str = "", request: HttpRequest | None = None
) -> Membership:
    """Move an active member to another base union (the employer changed): the old spell
    ends as ``transferred``, a new one starts with the same card number."""
    old = _managed(actor, membership_id, status=MembershipStatus.ACTIVE)
    union = UnionOrganisation.objects.filter(
        subdistrict_id=old.subdistrict_id, pk=union_id, kind__in=[UnionKind.JOINT, UnionKind.ENTERPRISE]
    ).first()
    if union is None:
        raise DomainError(_("请选择本街道的基层工会。"), code="invalid_union", field="union")
    if union.pk == old.union_id:
        raise DomainError(_("转入的工会与原工会相同。"), code="same_union", field="union")
    _end(old, MembershipStatus.TRANSFERRED, note or _("转入%(union)s") % {"union": union.name})
    new = _new_spell(old, union, timezone.localdate())
    _event(old, EventKind.TRANSFERRED_OUT, actor, union.name)
    _event(new, EventKind.TRANSFERRED_IN, actor, old.union.name)
    _audit(actor, old, "transferred", request, to=union.name)
    audit.record_created(actor=actor, obj=new, values={"union": union.name, "from": old.union.name}, request=request)
    return new


@transaction.atomic
def leave(*, actor: Actor, membership_id: int, reason: str, request: HttpRequest | None = None) -> Membership:
    """End an active membership (退会)."""
    membership = _managed(actor, membership_id, status=MembershipStatus.ACTIVE)
    if not reason.strip():
        raise DomainError(_("请填写退会原因。"), code="reason_required", field="reason")
    _end(membership, MembershipStatus.LEFT, reason.strip())
    Person.objects.filter(pk=membership.person_id).update(is_union_member=False)
    _event(membership, EventKind.LEFT, actor, reason)
    _audit(actor, membership, "left", request, reason=reason)
    return membership


@transaction.atomic
def reinstate(*, actor: Actor, membership_id: int, note: str = "", request: HttpRequest | None = None) -> Membership:
    """Restore a membership that was left: a new spell in the same union, same card number."""
    old = _managed(actor, membership_id, status=MembershipStatus.LEFT)
    if Membership.objects.filter(previous=old).exists():
        raise Conflict(_("该会籍已恢复过。"), code="already_reinstated")
    try:
        with transaction.atomic():
            new = _new_spell(old, old.union, timezone.localdate())
    except IntegrityError as exc:
        raise Conflict(_("此人已是另一基层工会的会员。"), code="already_member") from exc
    Person.objects.filter(pk=old.person_id).update(is_union_member=True)
    _event(new, EventKind.REINSTATED, actor, note)
    audit.record_created(actor=actor, obj=new, values={"union": old.union.name, "reinstated": True}, request=request)
    return new
