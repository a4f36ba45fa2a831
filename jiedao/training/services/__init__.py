"""The training programme's writes (see each module)."""

from jiedao.training.services.certificates import (
    certificate_pdf,
    issue_certificate,
    issue_class_certificates,
    record_external_certificate,
    revoke_certificate,
)
from jiedao.training.services.classes import (
    class_assessed,
    class_create,
    class_delete,
    class_session_create,
    class_session_delete,
    class_session_update,
    class_update,
)
from jiedao.training.services.completion import class_outcomes, close_class, hours_required
from jiedao.training.services.enrolment import (
    ClassClosed,
    ClassFull,
    NotEligible,
    accept_offer,
    enrol,
    expire_offers,
    fill_from_waiting_list,
    is_open,
    withdraw,
)
from jiedao.training.services.hours import ClassHours, correct_hours, hours_attended, hours_by_enrolment
from jiedao.training.services.rules import ensure_subsidy_rules, rule_for, rule_history, rule_set, rules_on
from jiedao.training.services.setup import (
    course_assessed,
    course_create,
    course_delete,
    course_update,
    provider_create,
    provider_delete,
    provider_update,
    require_class_manager,
)
from jiedao.training.services.subsidies import claim_create, claim_decide, entitlement, ledger
from jiedao.training.services.works import record_work

__all__ = [
    "ClassClosed",
    "ClassFull",
    "ClassHours",
    "NotEligible",
    "accept_offer",
    "certificate_pdf",
    "claim_create",
    "claim_decide",
    "class_assessed",
    "class_create",
    "class_delete",
    "class_outcomes",
    "class_session_create",
    "class_session_delete",
    "class_session_update",
    "class_update",
    "close_class",
    "correct_hours",
    "course_assessed",
    "course_create",
    "course_delete",
    "course_update",
    "enrol",
    "ensure_subsidy_rules",
    "entitlement",
    "expire_offers",
    "fill_from_waiting_list",
    "hours_attended",
    "hours_by_enrolment",
    "hours_required",
    "is_open",
    "issue_certificate",
    "issue_class_certificates",
    "ledger",
    "provider_create",
    "provider_delete",
    "provider_update",
    "record_external_certificate",
    "record_work",
    "require_class_manager",
    "revoke_certificate",
    "rule_for",
    "rule_history",
    "rule_set",
    "rules_on",
    "withdraw",
]
