"""Binding a resident's account to their registry record (实名), shared by the page
(``views/binding.py``) and the API (``POST /api/v1/me/bind``). See docs/residents.md.

The resident types their name and ID number; the registry record of their account's
sub-district with that number (found by its blind index) is theirs if the name
matches as ``people.names`` writes names. "No such number", "another name" and "that
person has an account already" all get one and the same answer, so the answer never
says whether a number is registered; each such refusal is audited (on the person when
there is one, so the offices see whose number was tried) and counts towards a limit
per account (``JIEDAO_BIND_ATTEMPT_LIMIT`` per ``JIEDAO_BIND_WINDOW_MINUTES``,
``core.attempts``). A malformed number or name is told as such: a fact about the input.
A person has at most one resident account (``Person.user`` is one-to-one); staff
accounts do not bind (residents only).
"""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jiedao.accounts.actor import Actor, actor_for
from jiedao.accounts.models import User
from jiedao.core import attempts, audit
from jiedao.core.errors import Conflict, Forbidden, Invalid, NotFound
from jiedao.core.models import AuditEntry
from jiedao.core.services import Errors, change_detail, new_errors, raise_if
from jiedao.core.validators import IdNumber, parse_id_number
from jiedao.people.access import own_person
from jiedao.people.models import Person
from jiedao.people.names import clean_name, normal_form
from jiedao.people.services import id_number_hash
from jiedao.residents import step_up
from jiedao.residents.models import RegistryClaim

# ``detail["reason"]`` of the audit entry of a refused binding (counted by the limit).
BIND_REFUSED_REASON = "bind_not_verified"


def not_verified() -> Invalid:
    """The one answer for a number not registered, another name, a person bound to
    another account."""
    return Invalid(_("未能核实您的身份。请检查姓名和身份证号；如您尚未在街道登记，可以提交登记申请。"))


def may_bind(actor: Actor) -> bool:
    """Whether the account is a resident's that may be bound (bound already or not):
    signed in to a sub-district, and no staff role."""
    return actor.is_authenticated and actor.subdistrict_id is not None and not actor.is_staff_member


def ensure_may_bind(actor: Actor) -> int:
    """Refuse staff (``Forbidden``) and an account bound already (``Conflict``);
    return the account's sub-district."""
    if not may_bind(actor) or actor.subdistrict_id is None:
        raise Forbidden(_("实名绑定只适用于居民账号，工作人员账号不能绑定。"), code="not_a_resident")
    if Person.objects.filter(user=actor.user).exists():
        raise Conflict(_("您的账号已完成实名绑定。"), code="already_bound")
    return actor.subdistrict_id


def clean_identity(errors: Errors, name: str, id_number: str) -> tuple[str, IdNumber | None]:
    """The typed name in the registry's form and the parsed ID number (None when
    malformed); the problems of each added to ``errors[name|id_number]``."""
    typed_name = clean_name(errors, "name", name)
    try:
        return typed_name, parse_id_number(id_number or "")
    except ValidationError as exc:
        errors["id_number"].extend(exc.messages)
        return typed_name, None


def names_match(typed: str, registered: str) -> bool:
    """Names as ``people.names`` stores them, Latin letters in any case."""
    return normal_form(typed).casefold() == normal_form(registered).casefold()


def check_bind_limit(user: User) -> None:
    attempts.check_refusal_limit(
        user=user,
        reason=BIND_REFUSED_REASON,
        limit=settings.JIEDAO_BIND_ATTEMPT_LIMIT,
        window=dt.timedelta(minutes=settings.JIEDAO_BIND_WINDOW_MINUTES),
        message=lambda minutes: (
            ngettext(
                "核实身份的尝试次数过多，请%(minutes)d分钟后再试；如有疑问，请联系所在居民区。",
                "核实身份的尝试次数过多，请%(minutes)d分钟后再试；如有疑问，请联系所在居民区。",
                minutes,
            )
            % {"minutes": minutes}
        ),
    )


def _refuse(*, user: User, person: Person | None, why: str, request: HttpRequest | None) -> Invalid:
    """Audit a refused binding (kept past the rollback) and return the one answer."""
    audit.record_refusal(
        request=request,
        actor=user,
        action=AuditEntry.Action.REFUSED,
        obj=person if person is not None else user,
        detail={"reason": BIND_REFUSED_REASON, "why": why},
    )
    return not_verified()


def bind_person(*, user: User, name: str, id_number: str, request: HttpRequest | None = None) -> Person:
    """Bind ``user`` to the registry person with this ID number and name; see the module."""
    subdistrict_id = ensure_may_bind(actor_for(user))
    check_bind_limit(user)
    errors = new_errors()
    typed_name, parsed = clean_identity(errors, name, id_number)
    raise_if(errors)
    assert parsed is not None
    person = (
        Person.objects.filter(subdistrict_id=subdistrict_id, id_number_hash=id_number_hash(parsed.number))
        .only("pk", "name", "user_id", "subdistrict_id")
        .first()
    )
    if person is None:
        raise _refuse(user=user, person=None, why="not_found", request=request)
    if not names_match(typed_name, person.name):
        raise _refuse(user=user, person=person, why="name_mismatch", request=request)
    try:
        bound = _bind(user=user, person_id=person.pk, request=request)
    except IntegrityError:  # this account was bound to another person a moment ago
        raise Conflict(_("您的账号已完成实名绑定。"), code="already_bound") from None
    if bound is None:  # someone else's account has this person (now or a moment ago)
        raise _refuse(user=user, person=person, why="bound_to_another_account", request=request)
    return bound


@transaction.atomic
def _bind(*, user: User, person_id: int, request: HttpRequest | None) -> Person | None:
    """Inside one transaction, with the person's row locked: bind, audit, close the
    account's pending claim. None when the person has an account already."""
    person = Person.objects.select_for_update(of=("self",)).select_related("residential_area").get(pk=person_id)
    if person.user_id is not None:
        return None
    link_account(person=person, user=user, actor=user, request=request)
    close_pending_claim(user, request=request)
    return person


def link_account(*, person: Person, user: User, actor: object, request: HttpRequest | None) -> None:
    """Set ``person.user`` (the caller holds the person's row), audited on the person.
    The account's display name (the masked number until now) becomes the person's name."""
    person.user = user
    person.save(update_fields=["user", "updated_at"])
    detail = change_detail({"user": [None, user.pk]})
    audit.record(actor=actor, action=AuditEntry.Action.UPDATE, obj=person, request=request, detail=detail)
    if user.display_name != person.name:
        user.display_name = person.name
        user.save(update_fields=["display_name"])


def close_pending_claim(user: User, *, request: HttpRequest | None = None) -> None:
    """A resident who bound their account themselves needs no claim any more: a
    pending one is closed (audited), so that no staff member confirms it into a
    second person."""
    claim = RegistryClaim.objects.select_for_update().filter(user=user, status=RegistryClaim.Status.PENDING).first()
    if claim is None:
        return
    with translation.override(settings.LANGUAGE_CODE):  # stored text, read by staff
        claim.reason = _("居民已自行完成实名绑定。")
    claim.status, claim.decided_at = RegistryClaim.Status.REJECTED, timezone.now()
    claim.save(update_fields=["status", "decided_at", "reason"])
    detail = change_detail({"status": [RegistryClaim.Status.PENDING, claim.status]})
    audit.record(actor=user, action=AuditEntry.Action.UPDATE, obj=claim, request=request, detail=detail)


def reveal_own_id_number(*, actor: Actor, request: HttpRequest) -> str:
    """The resident's own full ID number, after a fresh code (``step_up``); audited
    as a reveal on their record, as staff reveals are."""
    step_up.ensure_fresh(request)
    person = own_person(actor)
    if person is None:
        raise NotFound(_("您的账号尚未关联人员信息。"))
    detail = {"field": "id_number", "own": True}
    audit.record(actor=actor, action=AuditEntry.Action.REVEAL, obj=person, request=request, detail=detail)
    return str(person.id_number)
