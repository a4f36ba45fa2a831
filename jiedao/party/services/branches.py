"""Party organisations: a branch's name, kind, sector, parent, residential area or
unit and secretary (``branch_create``, ``branch_update``), and its committee
(``committee_add``, ``committee_remove``). Every change is audited; the party
office and the admin keep them (``require_manager``)."""

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from jiedao.accounts.actor import Actor
from jiedao.core import audit
from jiedao.core.errors import Conflict
from jiedao.core.models import AuditEntry
from jiedao.core.services import Errors, check_same_tenant, clean_text, model_update, new_errors, others, raise_if
from jiedao.org.models import ResidentialArea, Unit
from jiedao.party.models import Branch, CommitteeMember, PartyMember
from jiedao.party.services.members import require_manager
from jiedao.people.models import Person

# A tree deeper than this is a cycle or a mistake (党工委 → 党总支 → 党支部 → 党小组).
MAX_DEPTH = 8


def _ancestors(parent: Branch | None) -> list[int]:
    """The ids of ``parent`` and the branches above it (one query per level)."""
    found: list[int] = []
    while parent is not None and len(found) <= MAX_DEPTH:
        found.append(parent.pk)
        parent = Branch.objects.filter(pk=parent.parent_id).first() if parent.parent_id else None
    return found


def check_secretary(errors: Errors, secretary: Person | None, subdistrict_id: int) -> None:
    """A secretary is a current party member of the sub-district (they review their
    branch's self-study: ``access.secretary_branches``)."""
    check_same_tenant(errors, "secretary", secretary, subdistrict_id)
    if secretary is not None and secretary.subdistrict_id == subdistrict_id:
        current = PartyMember.objects.filter(
            subdistrict_id=subdistrict_id, person=secretary, transferred_out_on__isnull=True
        )
        if not current.exists():
            errors["secretary"].append(_("书记须是本街道的在册党员。"))


def branch_values(
    *,
    subdistrict_id: int,
    branch: Branch | None,
    name: str,
    kind: str,
    sector: str,
    parent: Branch | None = None,
    residential_area: ResidentialArea | None = None,
    unit: Unit | None = None,
    secretary: Person | None = None,
) -> dict[str, Any]:
    """Checked values of a new branch or of ``branch`` edited."""
    errors = new_errors()
    name = clean_text(errors, "name", name, max_length=100, required=True)
    if kind not in Branch.Kind.values:
        errors["kind"].append(_("类型无效。"))
    if sector not in Branch.Sector.values:
        errors["sector"].append(_("领域无效。"))
    for field, obj in (("parent", parent), ("residential_area", residential_area), ("unit", unit)):
        check_same_tenant(errors, field, obj, subdistrict_id)
    check_secretary(errors, secretary, subdistrict_id)
    if branch is not None and parent is not None and branch.pk in _ancestors(parent):
        errors["parent"].append(_("上级组织不能是本组织或其下级组织。"))
    elif len(_ancestors(parent)) > MAX_DEPTH:
        errors["parent"].append(_("组织层级过多。"))
    same_name = Branch.objects.filter(subdistrict_id=subdistrict_id, name=name)
    if name and others(same_name, branch.pk if branch else None).exists():
        errors["name"].append(_("已有同名党组织。"))
    raise_if(errors)
    return {
        "name": name,
        "kind": kind,
        "sector": sector,
        "parent": parent,
        "residential_area": residential_area,
        "unit": unit,
        "secretary": secretary,
    }


@transaction.atomic
def branch_create(*, actor: Actor, request: HttpRequest | None = None, **data: Any) -> Branch:
    subdistrict_id = require_manager(actor)
    values = branch_values(subdistrict_id=subdistrict_id, branch=None, **data)
    branch = Branch.objects.create(subdistrict_id=subdistrict_id, **values)
    audit.record_created(actor=actor, obj=branch, values=values, request=request)
    return branch


@transaction.atomic
def branch_update(*, actor: Actor, branch: Branch, request: HttpRequest | None = None, **data: Any) -> Branch:
    """Edit a branch (locked by the caller: ``access.branch_for_actor(for_update=True)``)."""
    require_manager(actor, branch.subdistrict_id)
    values = branch_values(subdistrict_id=branch.subdistrict_id, branch=branch, **data)
    if changes := model_update(branch, values):
        audit.record_changes(actor=actor, obj=branch, changes=changes, request=request)
    return branch


@transaction.atomic
def branch_set_secretary(
    *, actor: Actor, branch: Branch, secretary: Person | None, request: HttpRequest | None = None
) -> Branch:
    require_manager(actor, branch.subdistrict_id)
    errors = new_errors()
    check_secretary(errors, secretary, branch.subdistrict_id)
    raise_if(errors)
    if changes := model_update(branch, {"secretary": secretary}):
        audit.record_changes(actor=actor, obj=branch, changes=changes, request=request)
    return branch


@transaction.atomic
def committee_add(
    *,
    actor: Actor,
    branch: Branch,
    member: PartyMember | None,
    post: str,
    duty: str = "",
    request: HttpRequest | None = None,
) -> CommitteeMember:
    """A current member of ``branch`` joins its committee (副书记 or 委员); the
    secretary is the branch's own field, not a committee row."""
    require_manager(actor, branch.subdistrict_id)
    errors = new_errors()
    if member is None:
        errors["member"].append(_("请选择委员。"))
    elif member.branch_id != branch.pk or not member.is_current:
        errors["member"].append(_("委员须是本组织的在册党员。"))
    elif member.person_id == branch.secretary_id:
        errors["member"].append(_("此人是本组织书记，无需再列为委员。"))
    if post not in CommitteeMember.Post.values:
        errors["post"].append(_("职务无效。"))
    duty = clean_text(errors, "duty", duty, max_length=64)
    raise_if(errors)
    assert member is not None
    if CommitteeMember.objects.filter(branch=branch, person_id=member.person_id).exists():
        raise Conflict(_("此人已是本组织委员。"))
    row = CommitteeMember.objects.create(
        subdistrict_id=branch.subdistrict_id, branch=branch, person_id=member.person_id, post=post, duty=duty
    )
    audit.record_created(
        actor=actor, obj=row, values={"branch": branch.pk, "person": member.person_id, "post": post}, request=request
    )
    return row


@transaction.atomic
def committee_remove(*, actor: Actor, row: CommitteeMember, request: HttpRequest | None = None) -> None:
    require_manager(actor, row.subdistrict_id)
    audit.record(
        actor=actor,
        action=AuditEntry.Action.DELETE,
        obj=row,
        request=request,
        detail={"values": {"branch": row.branch_id, "person": row.person_id, "post": row.post}},
    )
    CommitteeMember.objects.filter(pk=row.pk).delete()
