"""The training programme's writes (see each module)."""

from jiedao.training.services.certificates import (
    certificate_pdf,
    issue_certificate,
    issue_class_certificates,
    record_external_certificate,
    revoke_certificate,
)
from jiedao.training.services.completion import class_outcomes, close_class, hours_required
from jiedao.training.services.enrolment import (
    ClassClosed,
    ClassFull,
    NotEligible,
    accept_offer,
    enrol,
    expire_offers,
    is_open,
    withdraw,
)
from jiedao.training.services.hours import ClassHours, correct_hours, hours_attended, hours_by_enrolment
from jiedao.training.services.setup import (
    class_create,
    class_session_create,
    course_create,
    ensure_subsidy_rules,
    provider_create,
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
    "class_create",
    "class_outcomes",
    "class_session_create",
    "close_class",
    "correct_hours",
    "course_create",
    "enrol",
    "ensure_subsidy_rules",
    "entitlement",
    "expire_offers",
    "hours_attended",
    "hours_by_enrolment",
    "hours_required",
    "is_open",
    "issue_certificate",
    "issue_class_certificates",
    "ledger",
    "provider_create",
    "record_external_certificate",
    "record_work",
    "require_class_manager",
    "revoke_certificate",
    "withdraw",
]
