"""A staff role's scope and end date, and giving and ending roles.

Each role takes the kind of scope ``SCOPE_OF_ROLE`` names (the whole sub-district
otherwise), in the account's own sub-district; the database refuses any other
(``role_assignment_scope_matches_role``) and a role given twice in the same scope
(the ``role_assignment_unique_*`` constraints), the checks here say it in words first.

An end date (``ends_on``) is the last day the role is held; from the next day
``actor_for`` no longer counts it. Ending a role at once deletes its row: the audit log
keeps the history, the unique constraints (which ignore dates) then let the same role be
given again later, and the delete ends the user's sessions and tokens by itself
(``accounts.signals``). A row ended by its date stays, shown as ended; giving the same
role again replaces it with a new term.
"""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from jiedao.accounts.access import tenant_of
from jiedao.accounts.actor import STAFF_ROLES, Actor
from jiedao.accounts.models import SCOPE_OF_ROLE, Role, RoleAssignment, User
from jiedao.accounts.staff.access import assignment_for_actor, staff_member_for_actor
from jiedao.core import audit
from jiedao.core.errors import Conflict
from jiedao.core.models import AuditEntry
from jiedao.core.services import Errors, created_detail, new_errors, raise_if
from jiedao.org.models import ResidentialArea, Subdistrict, Unit

STAFF_ROLE_CHOICES = [(value, label) for value, label in Role.choices if value in STAFF_ROLES]
# The arguments of the services, named after the ids they take.
SCOPE_ARGUMENTS = {"residential_area": "residential_area_id", "unit": "unit_id"}


def scope_problems(role: str, area: ResidentialArea | None, unit: Unit | None) -> dict[str, str]:
    """What is wrong with the scope given to ``role`` (field → message): a role takes
    exactly the kind of scope ``SCOPE_OF_ROLE`` names, or none. Shared with the admin site."""
    scope = SCOPE_OF_ROLE.get(role)
    if scope == "residential_area" and (area is None or unit is not None):
        return {"residential_area": _("该角色须指定一个居民区（不指定单位）。")}
    if scope == "unit" and (unit is None or area is not None):
        return {"unit": _("该角色须指定一个单位（不指定居民区）。")}
    if scope is None and (area is not None or unit is not None):
        return {"role": _("该角色作用于整个街道，不能指定居民区或单位。")}
    return {}


def end_date_problem(ends_on: dt.date | None) -> str:
    """An end date in the past would give a role already ended."""
    if ends_on is not None and ends_on < timezone.localdate():
        return _("任期截止日期不能早于今天。")
    return ""


def _in_tenant(
    errors: Errors, field: str, model: type[ResidentialArea] | type[Unit], pk: int | None, subdistrict_id: int
) -> Any:
    if pk is None:
        return None
    found = model.objects.filter(pk=pk, subdistrict_id=subdistrict_id).first()
    if found is None:
        errors[field].append(_("所选对象不存在或不属于本街道。"))
    return found


def role_values(
    errors: Errors,
    *,
    subdistrict_id: int,
    role: str,
    residential_area_id: int | None,
    unit_id: int | None,
    ends_on: dt.date | None,
) -> dict[str, Any]:
    """A staff role with its scope (in ``subdistrict_id``) and end date, checked; the
    problems go into ``errors`` under the services' argument names."""
    if role not in STAFF_ROLES:
        errors["role"].append(_("请选择一个工作人员角色。"))
        return {}
    area = _in_tenant(errors, "residential_area_id", ResidentialArea, residential_area_id, subdistrict_id)
    unit = _in_tenant(errors, "unit_id", Unit, unit_id, subdistrict_id)
    if not errors:
        for field, message in scope_problems(role, area, unit).items():
            errors[SCOPE_ARGUMENTS.get(field, field)].append(message)
    if problem := end_date_problem(ends_on):
        errors["ends_on"].append(problem)
    return {"role": role, "residential_area": area, "unit": unit, "ends_on": ends_on}


def _held_twice() -> ValidationError:
    return ValidationError({"role": [_("该账号已有这一角色（同一范围），不能重复添加。")]})


def give_role(*, actor: Actor, user: User, values: dict[str, Any], request: HttpRequest | None) -> RoleAssignment:
    """Give ``user`` the checked role ``values``, inside the caller's transaction."""
    same = RoleAssignment.objects.filter(
        user=user, role=values["role"], residential_area=values["residential_area"], unit=values["unit"]
    ).first()
    renewal: dict[str, Any] = {}
    if same is not None:
        if same.ends_on is None or same.ends_on >= timezone.localdate():
            raise _held_twice()
        renewal = {"renews_term_ended": same.ends_on.isoformat()}
        same.delete()  # ended by its date: the new term takes its place
    assert user.subdistrict_id is not None  # a staff account of the admin's sub-district
    try:
        with transaction.atomic():
            assignment = RoleAssignment.objects.create(subdistrict_id=user.subdistrict_id, user=user, **values)
    except IntegrityError:  # given at the same moment by another request
        raise _held_twice() from None
    detail = created_detail({"user": user, **values}, **renewal)
    audit.record(actor=actor, action=AuditEntry.Action.CREATE, obj=assignment, request=request, detail=detail)
    return assignment


def role_assign(
    *,
    actor: Actor,
    user_id: int,
    role: str,
    residential_area_id: int | None = None,
    unit_id: int | None = None,
    ends_on: dt.date | None = None,
    request: HttpRequest | None = None,
) -> RoleAssignment:
    """Give one of the admin's staff accounts another role (404 for any other account)."""
    errors = new_errors()
    values = role_values(
        errors,
        subdistrict_id=tenant_of(actor),
        role=role,
        residential_area_id=residential_area_id,
        unit_id=unit_id,
        ends_on=ends_on,
    )
    raise_if(errors)
    with transaction.atomic():
        user = staff_member_for_actor(actor, user_id, for_update=True)
        return give_role(actor=actor, user=user, values=values, request=request)


def lock_admins(subdistrict_id: int) -> None:
    """Inside a transaction: one change at a time to who may administer the sub-district,
    so that two admins removing each other at once cannot leave it with none."""
    Subdistrict.objects.select_for_update().filter(pk=subdistrict_id).first()


def _admin_roles(subdistrict_id: int) -> "models.QuerySet[RoleAssignment]":
    return RoleAssignment.objects.current().filter(
        subdistrict_id=subdistrict_id, role=Role.SUBDISTRICT_ADMIN, user__is_active=True
    )


def is_last_admin(user: User) -> bool:
    """Whether ``user`` is the one active account administering their sub-district today."""
    admins = _admin_roles(user.subdistrict_id or 0)
    return admins.filter(user=user).exists() and not admins.exclude(user=user).exists()


def last_admin_refusal() -> Conflict:
    return Conflict(_("这是本街道唯一在任的街道管理员账号，请先为其他账号添加街道管理员角色。"), code="last_admin")


def role_end(*, actor: Actor, assignment_id: int, request: HttpRequest | None = None) -> User:
    """End one staff role now (its row is deleted, audited); returns the account. Not
    the account's last staff role (deactivate the account instead), nor the last
    current admin role of the sub-district."""
    with transaction.atomic():
        lock_admins(tenant_of(actor))
        assignment = assignment_for_actor(actor, assignment_id, for_update=True)
        user = assignment.user
        others = RoleAssignment.objects.filter(
            user=user, subdistrict_id=assignment.subdistrict_id, role__in=STAFF_ROLES
        ).exclude(pk=assignment.pk)
        if not others.exists():
            raise Conflict(_("这是该账号唯一的角色，不能结束；人员离任时请停用账号。"), code="last_role")
        if assignment.role == Role.SUBDISTRICT_ADMIN and is_last_admin(user):
            raise last_admin_refusal()
        values = {
            "user": user,
            "role": assignment.role,
            "residential_area": assignment.residential_area_id,
            "unit": assignment.unit_id,
            "ends_on": assignment.ends_on,
        }
        audit.record(
            actor=actor, action=AuditEntry.Action.DELETE, obj=assignment, request=request, detail=created_detail(values)
        )
        assignment.delete()  # ends the user's sessions and tokens (accounts.signals)
    return user
