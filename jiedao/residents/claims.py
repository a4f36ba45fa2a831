"""A resident not found in the registry files their details (a ``RegistryClaim``)
for their residential area's staff to confirm; see docs/residents.md.

A pending claim is not a person: no programme reads claims, and the account stays
unbound until the area's staff confirm it (``access.claims_visible_to``: the offices,
the area's union chair). Confirming creates the registry person through
``people.services.person_create`` (gender and birth date from the ID number, the
account's number as the phone, the claim's area) and binds the account to it, in one
transaction. A number registered meanwhile is bound instead if the name matches and
no account has it; otherwise the confirmation is refused, worded by what the staff
member may see (``people.id_numbers``).
"""

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from jiedao.accounts.actor import Actor, actor_for
from jiedao.accounts.models import User
from jiedao.core import audit
from jiedao.core.errors import Conflict
from jiedao.core.models import AuditEntry
from jiedao.core.services import change_detail, clean_text, created_detail, new_errors, raise_if
from jiedao.org.models import ResidentialArea
from jiedao.people.access import people_visible_to
from jiedao.people.id_numbers import check_probe_limit, refuse_registered
from jiedao.people.models import Person
from jiedao.people.services import id_number_hash, person_create
from jiedao.residents.access import claim_for_actor
from jiedao.residents.binding import clean_identity, ensure_may_bind, link_account, names_match
from jiedao.residents.models import RegistryClaim

NOTE_LENGTH = REASON_LENGTH = 200  # RegistryClaim.note and .reason


def pending_claim_of(user: User) -> RegistryClaim | None:
    return RegistryClaim.objects.filter(user=user, status=RegistryClaim.Status.PENDING).first()


def latest_claim_of(user: User) -> RegistryClaim | None:
    return RegistryClaim.objects.filter(user=user).select_related("residential_area").first()


def _already_pending(user: User, subdistrict_id: int, digest: str) -> Conflict | None:
    if RegistryClaim.objects.filter(user=user, status=RegistryClaim.Status.PENDING).exists():
        return Conflict(_("您已提交过登记申请，请等待居民区工作人员核实。"), code="claim_pending")
    pending = RegistryClaim.objects.filter(
        subdistrict_id=subdistrict_id, id_number_hash=digest, status=RegistryClaim.Status.PENDING
    )
    if pending.exists():
        return Conflict(_("该身份证号已有待核实的登记申请，请联系所在居民区。"), code="claim_pending_for_number")
    return None


def file_claim(
    *,
    user: User,
    name: str,
    id_number: str,
    residential_area_id: int | None,
    note: str = "",
    request: HttpRequest | None = None,
) -> RegistryClaim:
    """File the resident's details for their area's staff. One pending claim per
    account and per ID number (database constraints). Whether the number is in the
    registry is not looked at: the answer must not tell."""
    subdistrict_id = ensure_may_bind(actor_for(user))
    errors = new_errors()
    typed_name, parsed = clean_identity(errors, name, id_number)
    area = ResidentialArea.objects.filter(pk=residential_area_id or 0, subdistrict_id=subdistrict_id).first()
    if area is None:
        errors["residential_area_id"].append(_("请选择您居住的居民区。"))
    note = clean_text(errors, "note", note, max_length=NOTE_LENGTH)
    raise_if(errors)
    assert parsed is not None and area is not None
    digest = id_number_hash(parsed.number)
    if refusal := _already_pending(user, subdistrict_id, digest):
        raise refusal
    try:
        with transaction.atomic():
            claim = RegistryClaim.objects.create(
                subdistrict_id=subdistrict_id,
                user=user,
                name=typed_name,
                id_number=parsed.number,
                id_number_hash=digest,
                residential_area=area,
                note=note,
            )
            # Nothing personal in the log: the claim's row holds it.
            detail = created_detail({"residential_area": area.pk})
            audit.record(actor=user, action=AuditEntry.Action.CREATE, obj=claim, request=request, detail=detail)
    except IntegrityError:  # a claim filed at the same moment
        raise _already_pending(user, subdistrict_id, digest) or Conflict(_("提交失败，请稍后再试。")) from None
    return claim


def claim_confirm(*, actor: Actor, claim_id: int, request: HttpRequest | None = None) -> Person:
    """Create (or find) the claim's registry person and bind the claimant's account."""
    claim = claim_for_actor(actor, claim_id)
    _ensure_pending(claim)
    existing = Person.objects.filter(subdistrict_id=claim.subdistrict_id, id_number_hash=claim.id_number_hash).first()
    if existing is not None and not (existing.user_id is None and names_match(claim.name, existing.name)):
        _refuse_registered(actor, claim, existing, request)
    try:
        with transaction.atomic():
            return _confirm(actor=actor, claim_id=claim_id, existing=existing, request=request)
    except IntegrityError:  # the claimant's account was bound a moment ago
        raise _claimant_bound() from None


def _refuse_registered(actor: Actor, claim: RegistryClaim, holder: Person, request: HttpRequest | None) -> None:
    """The claim's number is another person's, or bound: said plainly to whoever sees
    the holder, neutrally (and audited, and limited) to anyone else."""
    if people_visible_to(actor).filter(pk=holder.pk).exists():
        if holder.user_id is not None:
            message = _("该身份证号已登记在%(name)s名下，且已关联其他登录账号，无法确认此申请。")
        else:
            message = _("该身份证号已登记在%(name)s名下，与申请人填写的姓名不符，请核实后驳回此申请。")
        raise Conflict(message % {"name": holder.name}, code="id_number_registered")
    check_probe_limit(actor)
    refuse_registered(actor, subdistrict_id=claim.subdistrict_id, id_number_hash=claim.id_number_hash, request=request)


def _claimant_bound() -> Conflict:
    return Conflict(_("申请人的账号已关联人员信息，无需确认，请驳回此申请。"), code="already_bound")


def _confirm(*, actor: Actor, claim_id: int, existing: Person | None, request: HttpRequest | None) -> Person:
    claim = claim_for_actor(actor, claim_id, for_update=True)
    _ensure_pending(claim)
    claimant = claim.user
    if Person.objects.filter(user=claimant).exists():
        raise _claimant_bound()
    if existing is not None:
        person = Person.objects.select_for_update(of=("self",)).get(pk=existing.pk)
        if person.user_id is not None:
            raise _claimant_bound() if person.user_id == claimant.pk else Conflict(_("此人已关联其他登录账号。"))
    else:
        person = person_create(
            actor=actor,
            request=request,
            subdistrict_id=claim.subdistrict_id,
            name=claim.name,
            id_number=claim.id_number,
            phone=claimant.phone,
            residential_area=claim.residential_area,
        )
    link_account(person=person, user=claimant, actor=actor, request=request)
    _decide(actor, claim, RegistryClaim.Status.CONFIRMED, request=request, person=person)
    return person


def claim_reject(*, actor: Actor, claim_id: int, reason: str, request: HttpRequest | None = None) -> RegistryClaim:
    """Turn the claim down with a reason the resident reads on their claim page."""
    errors = new_errors()
    reason = clean_text(errors, "reason", reason, max_length=REASON_LENGTH, required=True)
    raise_if(errors)
    with transaction.atomic():
        claim = claim_for_actor(actor, claim_id, for_update=True)
        _ensure_pending(claim)
        claim.reason = reason
        _decide(actor, claim, RegistryClaim.Status.REJECTED, request=request)
    return claim


def _ensure_pending(claim: RegistryClaim) -> None:
    if claim.status != RegistryClaim.Status.PENDING:
        raise Conflict(_("该申请已处理，无需再次处理。"), code="claim_decided")


def _decide(
    actor: Actor, claim: RegistryClaim, status: str, *, request: HttpRequest | None, person: Person | None = None
) -> None:
    claim.status, claim.decided_at, claim.decided_by, claim.person = status, timezone.now(), actor.user, person
    claim.save(update_fields=["status", "decided_at", "decided_by", "person", "reason"])
    detail = change_detail({"status": [RegistryClaim.Status.PENDING.value, status]})
    audit.record(actor=actor, action=AuditEntry.Action.UPDATE, obj=claim, request=request, detail=detail)
