"""Who may see and do what in 职工法律援助 (pages, API and services alike).

A case is confidential, like a counselling record (``docs/legalaid.md``):

- the worker whose case it is reads it (their own cases only);
- the handler assigned to it (``LEGAL_AID_HANDLER``) reads it and records its steps;
- the legal-aid supervisor (``LEGAL_AID_SUPERVISOR``) reads every case of the
  sub-district, assigns handlers and may record steps too;
- nobody else reads a case: not the offices (the sub-district admin included), not
  the union chairs, not a handler the case is not assigned to. They see aggregate
  statistics with small figures suppressed (``selectors.stats``).

Opening a case: a worker for themselves; the labour office (社区受理中心 desk) and the
union federation on a worker's behalf, who is then found by their ID number among the
people they may see. Whoever opened a case on someone's behalf does not read it
afterwards (unless they are one of the readers above).

Anything outside the actor's scope is not found (404), whatever the role.
"""

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from jiedao.accounts.access import one_for_actor
from jiedao.accounts.actor import OFFICE_ROLES, Actor
from jiedao.accounts.models import Role, RoleAssignment, User
from jiedao.legalaid.models import CaseDocument, CaseStep, LegalAidCase
from jiedao.people.access import own_person
from jiedao.people.models import Person
from jiedao.people.selectors import person_by_id_number

HANDLER_ROLES = frozenset({Role.LEGAL_AID_HANDLER})
SUPERVISE_ROLES = frozenset({Role.LEGAL_AID_SUPERVISOR})
# Staff who read cases (their own caseload, or all of them).
CASE_STAFF_ROLES = HANDLER_ROLES | SUPERVISE_ROLES
# Staff who open a case on a worker's behalf (the 社区受理中心 desk, the federation).
DESK_ROLES = frozenset({Role.LABOUR_OFFICE, Role.UNION_FEDERATION})
# Who sees the aggregate statistics: the offices, the union chairs and the legal-aid staff.
STATS_ROLES = OFFICE_ROLES | CASE_STAFF_ROLES | {Role.AREA_UNION_CHAIR, Role.ENTERPRISE_UNION_CHAIR}


def is_supervisor(actor: Actor) -> bool:
    return actor.has_role(*SUPERVISE_ROLES)


def is_handler(actor: Actor) -> bool:
    return actor.has_role(*HANDLER_ROLES)


def can_open_for_others(actor: Actor) -> bool:
    return actor.has_role(*DESK_ROLES)


def can_see_stats(actor: Actor) -> bool:
    return actor.has_role(*STATS_ROLES)


def supervised_cases(actor: Actor) -> QuerySet[LegalAidCase]:
    """Every case of the supervisor's sub-district (none for anyone else)."""
    if actor.subdistrict_id is None or not is_supervisor(actor):
        return LegalAidCase.objects.none()
    return LegalAidCase.objects.filter(subdistrict_id=actor.subdistrict_id)


def caseload(actor: Actor) -> QuerySet[LegalAidCase]:
    """The cases assigned to the actor as handler (none for anyone else)."""
    if actor.user is None or actor.subdistrict_id is None or not is_handler(actor):
        return LegalAidCase.objects.none()
    return LegalAidCase.objects.filter(subdistrict_id=actor.subdistrict_id, handler_id=actor.user.pk)


def cases_visible_to(actor: Actor) -> QuerySet[LegalAidCase]:
    """The cases the actor may read: the supervisor's sub-district, the handler's
    caseload, anyone's own cases."""
    if actor.user is None or actor.subdistrict_id is None:
        return LegalAidCase.objects.none()
    qs = LegalAidCase.objects.filter(subdistrict_id=actor.subdistrict_id)
    if is_supervisor(actor):
        return qs
    scope = Q(person__user_id=actor.user.pk)
    if is_handler(actor):
        scope |= Q(handler_id=actor.user.pk)
    return qs.filter(scope)


def case_for_actor(actor: Actor, pk: int) -> LegalAidCase:
    """Case ``pk`` if the actor may read it, else 404."""
    qs = cases_visible_to(actor).select_related("person", "handler", "employer_unit")
    return one_for_actor(qs, pk)


def may_progress(actor: Actor, case: LegalAidCase) -> bool:
    """Recording a step: the assigned handler and the supervisor."""
    if actor.user is None or actor.subdistrict_id != case.subdistrict_id:
        return False
    return is_supervisor(actor) or (is_handler(actor) and case.handler_id == actor.user.pk)


def case_for_progress(actor: Actor, pk: int) -> LegalAidCase:
    """Case ``pk`` locked for a step: 404 out of sight, 403 for a reader (the worker)
    who may not record one."""
    case = case_for_actor(actor, pk)
    return one_for_actor(
        cases_visible_to(actor).select_related("person", "handler"),
        pk,
        for_update=True,
        may_change=may_progress(actor, case),
        refusal=_("只有承办人和督导可以记录案件进展。"),
    )


def case_for_supervisor(actor: Actor, pk: int) -> LegalAidCase:
    """Case ``pk`` for assigning a handler: 404 out of sight, 403 for other readers."""
    case = case_for_actor(actor, pk)
    return one_for_actor(
        cases_visible_to(actor),
        case.pk,
        for_update=True,
        may_change=is_supervisor(actor),
        refusal=_("只有法律援助督导可以指派承办人。"),
    )


def may_add_documents(actor: Actor, case: LegalAidCase) -> bool:
    """The worker, the assigned handler and the supervisor, until the case is final."""
    return not case.is_final and (is_own_case(actor, case) or may_progress(actor, case))


def is_own_case(actor: Actor, case: LegalAidCase) -> bool:
    return actor.user is not None and case.person is not None and case.person.user_id == actor.user.pk


def document_for_actor(actor: Actor, pk: int) -> CaseDocument:
    """A document of a case the actor may read, else 404."""
    qs = CaseDocument.objects.filter(case__in=cases_visible_to(actor), deleted_at__isnull=True).select_related(
        "case__person"
    )
    return one_for_actor(qs, pk)


def step_for_actor(actor: Actor, pk: int) -> CaseStep:
    """A step of a case the actor may read, else 404."""
    return one_for_actor(CaseStep.objects.filter(case__in=cases_visible_to(actor)).only("pk", "case_id"), pk)


def handlers(actor: Actor) -> QuerySet[User]:
    """The users of the supervisor's sub-district who hold the handler role now."""
    if actor.subdistrict_id is None or not is_supervisor(actor):
        return User.objects.none()
    return (
        User.objects.filter(
            subdistrict_id=actor.subdistrict_id,
            is_active=True,
            pk__in=_current_handler_ids(actor.subdistrict_id),
        )
        .distinct()
        .order_by("display_name", "username")
    )


def _current_handler_ids(subdistrict_id: int) -> QuerySet[RoleAssignment, int]:
    return (
        RoleAssignment.objects.current()
        .filter(subdistrict_id=subdistrict_id, role=Role.LEGAL_AID_HANDLER)
        .values_list("user_id", flat=True)
    )


def worker_for(actor: Actor, id_number: str) -> Person:
    """Whom a case is opened for: the caller themselves (no ``id_number``), or, at the
    desk, the worker with that ID number among the people the caller may see. A
    ``ValidationError`` says what is missing."""
    if id_number:
        if not can_open_for_others(actor):
            raise ValidationError({"id_number": [_("只能为自己申请法律援助。")]})
        person = person_by_id_number(actor, id_number)
        if person is None:
            raise ValidationError({"id_number": [_("未找到此身份证号的人员，请先在人员信息中登记。")]})
        return person
    person = own_person(actor)
    if person is None:
        if can_open_for_others(actor):
            raise ValidationError({"id_number": [_("请填写申请人的身份证号。")]})
        raise ValidationError({"__all__": [_("您的账号尚未关联人员信息，请联系所在居民区或到社区受理中心办理。")]})
    return person
