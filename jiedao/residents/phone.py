"""A new mobile number for an account (docs/residents.md, "Phone change").

The resident proves the old number (a fresh ``STEP_UP`` code: ``step_up``) and the new
one (a ``NEW_PHONE`` code sent to it). Whether the new number is another account's is
looked at only once its code is right, so that the page does not tell anyone else
which numbers have accounts; one number, one account (``user_unique_phone``) holds
behind it. A resident who lost the old number goes to the staff of their area, who
change it with a reason (``staff_change_phone``). Either way the change is audited
(the numbers withheld), every session and API token of the account ends (the page that
made the change keeps its own session), and the registry record's phone follows when
it was the old number, since reminders go to it.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from jiedao.accounts.actor import Actor
from jiedao.accounts.models import User, end_sessions_and_tokens
from jiedao.core import audit
from jiedao.core.errors import Conflict, Forbidden
from jiedao.core.models import AuditEntry
from jiedao.core.services import change_detail, clean_text, model_update, new_errors, raise_if, withheld_changes
from jiedao.people.models import Person
from jiedao.residents import codes, step_up
from jiedao.residents.access import person_for_phone_change
from jiedao.residents.models import CodePurpose

REASON_LENGTH = 200


def _taken() -> ValidationError:
    return ValidationError(
        {"phone": [_("该手机号已用于另一个账号，不能再用于此账号。如这是您的号码，请联系所在居民区工作人员。")]}
    )


def _new_number(user: User, phone: str) -> str:
    number = codes.mobile_number(phone)
    if user.phone and number == user.phone:
        raise ValidationError({"phone": [_("新手机号与当前手机号相同。")]})
    return number


def send_new_phone_code(*, user: User, phone: str, request: HttpRequest) -> str:
    """Send a ``NEW_PHONE`` code to the new number, once the session is fresh; the
    number as 11 digits. Refusals: ``codes.send_code``'s."""
    step_up.ensure_fresh(request)
    if user.subdistrict is None:  # no sub-district to sign the message with (a superuser)
        raise Forbidden(_("此账号不能在此更换手机号。"), code="no_subdistrict")
    number = _new_number(user, phone)
    return codes.send_code(
        phone=number, purpose=CodePurpose.NEW_PHONE, signature=user.subdistrict.name, request=request
    )


def change_own_phone(*, user: User, phone: str, code: str, request: HttpRequest) -> User:
    """Move the signed-in ``user`` to ``phone`` once ``code`` (sent to it) is right.
    Call it outside any transaction (``codes.check_code`` commits a wrong try)."""
    step_up.ensure_fresh(request)
    number = _new_number(user, phone)
    codes.check_code(phone=number, purpose=CodePurpose.NEW_PHONE, code=code)
    try:
        with transaction.atomic():
            _set_phone(user, number, actor=user, request=request)
    except IntegrityError:  # the number is another account's (now, or since a moment ago)
        raise _taken() from None
    return user


def staff_change_phone(*, actor: Actor, person_id: int, phone: str, reason: str, request: HttpRequest | None) -> Person:
    """Staff give the account of ``person_id`` a new number (the resident lost the old
    one), with a reason; 404/403 by ``access.person_for_phone_change``."""
    errors = new_errors()
    try:
        number = codes.mobile_number(phone)
    except ValidationError as exc:
        errors["phone"].extend(exc.messages)
    reason = clean_text(errors, "reason", reason, max_length=REASON_LENGTH, required=True)
    raise_if(errors)
    try:
        with transaction.atomic():
            person = person_for_phone_change(actor, person_id, for_update=True)
            if person.user is None:
                raise Conflict(_("此人尚未关联登录账号，无需更换登录手机号。"), code="no_account")
            if person.user.phone == number:
                raise ValidationError({"phone": [_("新手机号与当前手机号相同。")]})
            _set_phone(person.user, number, actor=actor, request=request, reason=reason)
    except IntegrityError:
        raise _taken() from None
    return person


def _set_phone(user: User, number: str, *, actor: object, request: HttpRequest | None, reason: str = "") -> None:
    """Inside the caller's transaction: the new number, every session and token ended,
    the registry's phone kept in step, all audited. Refused when the number is
    another account's (a ``ValidationError``; ``IntegrityError`` in a race)."""
    old_hash = user.phone_hash
    new_hash = codes.phone_hash(number)
    if User.objects.filter(phone_hash=new_hash).exclude(pk=user.pk).exists():
        raise _taken()
    model_update(user, {"phone": number, "phone_hash": new_hash})
    user.security_stamp = end_sessions_and_tokens(User.objects.filter(pk=user.pk))
    extra = {"reason": reason} if reason else {}
    detail = change_detail(withheld_changes(["phone"]), signed_out_everywhere=True, **extra)
    audit.record(actor=actor, action=AuditEntry.Action.UPDATE, obj=user, request=request, detail=detail)
    person = Person.objects.select_for_update(of=("self",)).filter(user=user).first()
    if person is not None and old_hash and person.phone_hash == old_hash:
        model_update(person, {"phone": number, "phone_hash": new_hash})
        detail = change_detail(withheld_changes(["phone"]))
        audit.record(actor=actor, action=AuditEntry.Action.UPDATE, obj=person, request=request, detail=detail)
