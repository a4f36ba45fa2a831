"""Who may see and do what in the dues ledger (pages, API and services alike).

- the union federation (街道总工会) runs it: assessments, payments, statements,
  reminders and escalation steps, the shortlist and its commendation, the settings;
- the sub-district admin reads everything of their sub-district;
- an enterprise union chair sees the assessments of their own unit only;
- everyone else: nothing (the role gate refuses).

Anything outside the actor's scope is not found (404), whatever the role.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from jiedao.accounts.access import one_for_actor, staff_tenant
from jiedao.accounts.actor import Actor
from jiedao.accounts.models import Role
from jiedao.core.errors import Forbidden
from jiedao.dues.models import DuesAssessment

MANAGE_ROLES = frozenset({Role.UNION_FEDERATION})
# Who reads the whole sub-district's ledger, arrears and shortlist.
OVERVIEW_ROLES = MANAGE_ROLES | {Role.SUBDISTRICT_ADMIN}
# Who may open the ledger at all (a chair: their own unit's rows).
LEDGER_ROLES = OVERVIEW_ROLES | {Role.ENTERPRISE_UNION_CHAIR}


def can_manage(actor: Actor) -> bool:
    return actor.has_role(*MANAGE_ROLES)


def sees_all(actor: Actor) -> bool:
    return actor.has_role(*OVERVIEW_ROLES)


def require_manager(actor: Actor, subdistrict_id: int) -> None:
    """Only the union federation of the sub-district changes the ledger (a service's check)."""
    if not can_manage(actor) or actor.subdistrict_id != subdistrict_id:
        raise Forbidden(_("只有街道总工会可以管理工会经费。"))


def assessments_visible_to(actor: Actor) -> QuerySet[DuesAssessment]:
    tenant = staff_tenant(actor)
    if tenant is None:
        return DuesAssessment.objects.none()
    qs = DuesAssessment.objects.filter(subdistrict_id=tenant)
    if sees_all(actor):
        return qs
    units = actor.unit_ids(Role.ENTERPRISE_UNION_CHAIR)
    return qs.filter(unit_id__in=units) if units else qs.none()


def assessment_for_actor(actor: Actor, pk: int, *, for_update: bool = False) -> DuesAssessment:
    """One assessment: 404 outside the actor's scope, 403 to change one the actor only reads."""
    return one_for_actor(
        assessments_visible_to(actor),
        pk,
        for_update=for_update,
        may_change=can_manage(actor),
        refusal=_("只有街道总工会可以管理工会经费。"),
    )


def tenant_for_overview(actor: Actor) -> int:
    """The sub-district whose whole ledger the actor reads (403 for a chair)."""
    tenant = staff_tenant(actor)
    if tenant is None or not sees_all(actor):
        raise PermissionDenied
    return tenant
