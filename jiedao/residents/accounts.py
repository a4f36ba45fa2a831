"""Residents' accounts: signing in with a mobile number and a code sent by SMS
(docs/residents.md). Shared by the sign-in page and the API's token endpoint.

The first sign-in of a number makes its account: a resident of the home sub-district
(``home_subdistrict``), with no password of its own and not yet bound to the registry.
Staff sign in with their password (and second factor) only: an account holding a staff
role is refused here, whatever its number.
"""

import logging
import secrets

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from jiedao.accounts.actor import STAFF_ROLES, actor_for
from jiedao.accounts.models import Role, RoleAssignment, User
from jiedao.accounts.services import record_login
from jiedao.core import audit
from jiedao.core.errors import DomainError, Forbidden
from jiedao.core.models import AuditEntry
from jiedao.core.services import created_detail
from jiedao.core.validators import mask_phone
from jiedao.org.models import Subdistrict
from jiedao.people.access import own_person
from jiedao.people.models import Person
from jiedao.residents import codes
from jiedao.residents.models import CodePurpose

logger = logging.getLogger(__name__)

# ``detail["reason"]`` of the audit entry when a staff account tries the residents' way in.
STAFF_REASON = "staff_sms_sign_in"
# Tries at a new account's username (random: a collision is one in 2⁴⁰ and then retried).
_NEW_ACCOUNT_TRIES = 3


class NoHomeSubdistrict(DomainError):
    """New residents cannot be given a sub-district: several exist and
    ``JIEDAO_RESIDENT_SUBDISTRICT`` names none of them (a deployment fault; the system
    check ``jiedao.W001``/``W002`` says so to the operator)."""

    code = "sign_in_unavailable"


def home_subdistrict() -> Subdistrict:
    """The sub-district a new resident account joins: the one whose 9-digit code is
    ``JIEDAO_RESIDENT_SUBDISTRICT``, else the only one there is."""
    code = settings.JIEDAO_RESIDENT_SUBDISTRICT
    if code:
        found = Subdistrict.objects.filter(code=code).first()
    else:
        first_two = list(Subdistrict.objects.all()[:2])
        found = first_two[0] if len(first_two) == 1 else None
    if found is None:
        logger.error("no home sub-district for residents: set JIEDAO_RESIDENT_SUBDISTRICT (now %r)", code)
        raise NoHomeSubdistrict(_("手机号登录暂未开通，请联系街道工作人员。"))
    return found


def request_code(*, phone: str, request: HttpRequest | None = None) -> str:
    """Send a sign-in code to ``phone`` under the home sub-district's name; the number as
    11 digits. The same for a number never seen: nothing says whether it has an account.
    Refusals: ``codes.send_code``'s (a malformed number, ``TooMany``, ``CodeNotSent``)."""
    number = codes.mobile_number(phone)  # a typo is told before anything else
    signature = home_subdistrict().name
    return codes.send_code(phone=number, purpose=CodePurpose.SIGN_IN, signature=signature, request=request)


def sign_in_with_code(*, phone: str, code: str, request: HttpRequest, via: str = "sms") -> User:
    """The account of ``phone``, made on its first sign-in, once ``code`` is the live
    code sent to it; audited as a login (``via``). The caller starts the session or
    issues the token. Call it outside any transaction (``codes.check_code``). Refuses
    (``Forbidden``) an inactive account and a staff one."""
    number = codes.check_code(phone=phone, purpose=CodePurpose.SIGN_IN, code=code)
    user = resident_account(number=number, request=request)
    if not user.is_active:
        raise Forbidden(_("该账号已停用，如有疑问请联系街道工作人员。"), code="account_inactive", field="code")
    if is_staff_account(user):
        audit.record_refusal(
            actor=None, action=AuditEntry.Action.REFUSED, obj=user, request=request, detail={"reason": STAFF_REASON}
        )
        raise Forbidden(_("工作人员请用账号密码登录。"), code="staff_account", field="code")
    record_login(user=user, request=request, via=via)
    return user


def is_staff_account(user: User) -> bool:
    """A staff role held today (in any sub-district), or the admin site's flags: such an
    account must pass its password and second factor, never a code alone."""
    if user.is_staff or user.is_superuser:
        return True
    return RoleAssignment.objects.current().filter(user=user, role__in=STAFF_ROLES).exists()


def resident_account(*, number: str, request: HttpRequest | None = None) -> User:
    """The account whose phone is ``number`` (11 digits), made now if there is none.
    Two first sign-ins of one number at once make one account: the loser of the race
    meets ``user_unique_phone`` and reads the winner's."""
    digest = codes.phone_hash(number)
    for _try in range(_NEW_ACCOUNT_TRIES):
        existing = User.objects.filter(phone_hash=digest).first()
        if existing is not None:
            return existing
        try:
            return _new_resident(number=number, digest=digest, request=request)
        except IntegrityError:
            continue  # the number was taken meanwhile (read it), or the username (draw again)
    existing = User.objects.filter(phone_hash=digest).first()
    if existing is None:
        raise RuntimeError("no account could be made for this number")
    return existing


def _new_resident(*, number: str, digest: str, request: HttpRequest | None) -> User:
    home = home_subdistrict()
    with transaction.atomic():
        user = User(
            username=new_username(),
            display_name=mask_phone(number),  # what the page shows until the account is bound
            subdistrict=home,
            phone=number,
            phone_hash=digest,
        )
        user.set_unusable_password()
        user.save()
        RoleAssignment.objects.create(subdistrict=home, user=user, role=Role.RESIDENT)
        values = {"username": user.username, "subdistrict": home.name, "role": Role.RESIDENT.value}
        detail = created_detail(values, via="sms")
        audit.record(actor=user, action=AuditEntry.Action.CREATE, obj=user, request=request, detail=detail)
    return user


def new_username() -> str:
    """A resident's username: nobody types it (they sign in with their number)."""
    return f"resident-{secrets.token_hex(5)}"


def bound_person(user: User) -> Person | None:
    """The registry person the account is bound to (实名), or None."""
    return own_person(actor_for(user))
