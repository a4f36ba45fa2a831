"""Staff accounts: created with their first role and an invitation, deactivated and
reactivated, invited again, signed out everywhere. Only the sub-district admin, only
for their own sub-district's staff accounts (``staff.access``: 404 for any other);
every change audited.

A new account has no usable password until its holder sets one through the invitation
(``links``). Deactivating ends every session and API token of the account at once
(``User.save``), and voids its links; an admin cannot deactivate themselves nor the
last active admin of the sub-district.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from jiedao.accounts.access import tenant_of
from jiedao.accounts.actor import Actor
from jiedao.accounts.models import User
from jiedao.accounts.services import sign_out_everywhere
from jiedao.accounts.staff import links
from jiedao.accounts.staff.access import MANAGER_ROLES, staff_member_for_actor
from jiedao.accounts.staff.roles import give_role, is_last_admin, last_admin_refusal, lock_admins, role_values
from jiedao.core import audit, crypto
from jiedao.core.errors import Conflict, DomainError, Forbidden
from jiedao.core.models import AuditEntry
from jiedao.core.services import Errors, clean_text, model_update, new_errors, raise_if
from jiedao.core.validators import mask_phone, parse_mobile


@dataclass(frozen=True)
class Invited:
    """A new account, and the channels its invitation went by (none: sending failed)."""

    user: User
    sent_by: tuple[str, ...]


def phone_hash(number: str) -> str:
    """The blind index ``User.phone_hash`` holds (the same as residents' and the registry's)."""
    return crypto.blind_index(number, purpose="phone")


def _require_manager(actor: Actor) -> int:
    tenant = tenant_of(actor)
    if not actor.has_role(*MANAGER_ROLES):
        raise Forbidden(_("只有街道管理员可以管理工作人员账号。"))
    return tenant


def _account_values(errors: Errors, *, username: str, display_name: str, email: str, phone: str) -> dict[str, Any]:
    """A new account's name, e-mail and mobile number, checked as Django's user
    creation form checks a username (its validator, case-insensitively unique)."""
    name = User.normalize_username(clean_text(errors, "username", username, max_length=150, required=True))
    if "username" not in errors:
        try:
            User.username_validator(name)
        except ValidationError as exc:
            errors["username"].extend(exc.messages)
    display = clean_text(errors, "display_name", display_name, max_length=64, required=True)
    mail = clean_text(errors, "email", email, max_length=254)
    if mail and "email" not in errors:
        try:
            validate_email(mail)
        except ValidationError as exc:
            errors["email"].extend(exc.messages)
        mail = User.objects.normalize_email(mail)
    number = ""
    if (phone or "").strip():
        try:
            number = parse_mobile(phone)
        except ValidationError as exc:
            errors["phone"].extend(exc.messages)
    if not mail and not number and not errors.keys() & {"email", "phone"}:
        errors["email"].append(_("请至少填写邮箱或手机号中的一项，用于发送设置密码的邀请。"))
    values = {"username": name, "display_name": display, "email": mail, "phone": number}
    _check_taken(errors, values)
    return {**values, "phone_hash": phone_hash(number) if number else ""}


def _check_taken(errors: Errors, values: dict[str, str]) -> None:
    if "username" not in errors and User.objects.filter(username__iexact=values["username"]).exists():
        errors["username"].append(_("该用户名已被使用。"))
    if values["email"] and "email" not in errors and User.objects.filter(email__iexact=values["email"]).exists():
        errors["email"].append(_("该邮箱已用于其他账号。"))
    number = values["phone"]
    if number and "phone" not in errors and User.objects.filter(phone_hash=phone_hash(number)).exists():
        errors["phone"].append(_("该手机号已用于其他账号（一个手机号只对应一个账号）。"))


def _invite(*, actor: Actor, user: User, request: HttpRequest) -> tuple[str, ...]:
    sent = links.send_invitation(user, base_url=links.site_root(request))
    detail = {"invitation_sent": list(sent)}
    audit.record(actor=actor, action=AuditEntry.Action.UPDATE, obj=user, request=request, detail=detail)
    return sent


def staff_create(
    *,
    actor: Actor,
    username: str,
    display_name: str,
    email: str = "",
    phone: str = "",
    role: str,
    residential_area_id: int | None = None,
    unit_id: int | None = None,
    ends_on: dt.date | None = None,
    request: HttpRequest,
) -> Invited:
    """A staff account of the admin's sub-district with its first role, then its
    invitation (by e-mail and SMS, to what it has). At least one of the two is needed."""
    tenant = _require_manager(actor)
    errors = new_errors()
    values = _account_values(errors, username=username, display_name=display_name, email=email, phone=phone)
    role_given = role_values(
        errors,
        subdistrict_id=tenant,
        role=role,
        residential_area_id=residential_area_id,
        unit_id=unit_id,
        ends_on=ends_on,
    )
    raise_if(errors)
    try:
        with transaction.atomic():
            user = User(subdistrict_id=tenant, **values)
            user.set_unusable_password()  # until the invitation is used
            user.save()
            audit_values = {**values, "phone": mask_phone(values["phone"])}
            del audit_values["phone_hash"]
            audit.record_created(actor=actor, obj=user, values=audit_values, request=request)
            give_role(actor=actor, user=user, values=role_given, request=request)
    except IntegrityError:  # a name or number taken at the same moment
        again = new_errors()
        _check_taken(again, values)
        raise_if(again)
        raise
    return Invited(user=user, sent_by=_invite(actor=actor, user=user, request=request))


def invitation_resend(*, actor: Actor, user_id: int, request: HttpRequest) -> tuple[str, ...]:
    """Send the invitation again to an active account that has set no password yet;
    the channels it went by."""
    user = staff_member_for_actor(actor, user_id)
    if not user.is_active:
        raise Conflict(_("该账号已停用，不能发送邀请；请先启用。"), code="inactive")
    if user.has_usable_password():
        raise Conflict(_("该账号已设置密码，无需邀请。如忘记密码，请本人在登录页选择“忘记密码”。"), code="has_password")
    sent = _invite(actor=actor, user=user, request=request)
    if not sent:
        raise DomainError(_("邀请没有发出（邮件或短信发送失败），请核对联系方式或稍后再试。"), code="not_sent")
    return sent


def staff_deactivate(*, actor: Actor, user_id: int, request: HttpRequest | None = None) -> User:
    """Deactivate a staff account: every session and API token of it ends at once, its
    links are void; its roles stay, for the record and for a reactivation."""
    with transaction.atomic():
        lock_admins(_require_manager(actor))
        user = staff_member_for_actor(actor, user_id, for_update=True)
        if actor.user is not None and user.pk == actor.user.pk:
            raise DomainError(_("不能停用自己的账号。"), code="own_account")
        if not user.is_active:
            raise Conflict(_("该账号已经停用。"), code="inactive")
        if is_last_admin(user):
            raise last_admin_refusal()
        changes = model_update(user, {"is_active": False})  # User.save ends sessions and tokens
        audit.record_changes(actor=actor, obj=user, changes=changes, request=request)
    return user


def staff_reactivate(*, actor: Actor, user_id: int, request: HttpRequest | None = None) -> User:
    """Reactivate a staff account: it signs in anew (its old sessions and tokens stay ended)."""
    with transaction.atomic():
        _require_manager(actor)
        user = staff_member_for_actor(actor, user_id, for_update=True)
        if user.is_active:
            raise Conflict(_("该账号已经启用。"), code="active")
        changes = model_update(user, {"is_active": True})
        audit.record_changes(actor=actor, obj=user, changes=changes, request=request)
    return user


def staff_sign_out(*, actor: Actor, user_id: int, request: HttpRequest | None = None) -> User:
    """End every session and API token of a staff account now (a lost phone), audited."""
    _require_manager(actor)
    user = staff_member_for_actor(actor, user_id)
    sign_out_everywhere(actor=actor, user=user, request=request)
    return user
