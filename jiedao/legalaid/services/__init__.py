"""Writes of 职工法律援助: cases and their steps (``cases``), corrections and
suspensions (``history``), reads (``reads``), documents (``documents``) and retention
(``retention``). The public names are re-exported here:
``from jiedao.legalaid import services``."""

from jiedao.legalaid.services.cases import (
    CASE_LABEL,
    MAX_NOTE_LENGTH,
    MAX_SUMMARY_LENGTH,
    NEXT_STAGES,
    STAGE_DAYS,
    case_open,
    case_values,
    default_due,
    effective_steps,
    handler_assign,
    interruption_add,
    is_overdue,
    limitation_of,
    step_add,
    suspensions_of,
)
from jiedao.legalaid.services.documents import (
    ACCEPT,
    DOCUMENT_LABEL,
    MAX_DOCUMENTS,
    MAX_PDF_BYTES,
    check_pdf,
    check_upload,
    document_add,
    document_read,
)
from jiedao.legalaid.services.history import (
    CORRECTABLE,
    MAX_REASON_LENGTH,
    WITHDRAWABLE,
    case_resume,
    case_suspend,
    step_correct,
    step_withdraw,
)
from jiedao.legalaid.services.reads import CaseView, capacity_of, case_read, cases_listed
from jiedao.legalaid.services.retention import (
    PurgeResult,
    purge_expired_cases,
    retention_days,
)

__all__ = [
    "ACCEPT",
    "CASE_LABEL",
    "CORRECTABLE",
    "DOCUMENT_LABEL",
    "MAX_DOCUMENTS",
    "MAX_NOTE_LENGTH",
    "MAX_PDF_BYTES",
    "MAX_REASON_LENGTH",
    "MAX_SUMMARY_LENGTH",
    "NEXT_STAGES",
    "STAGE_DAYS",
    "WITHDRAWABLE",
    "CaseView",
    "PurgeResult",
    "capacity_of",
    "case_open",
    "case_read",
    "case_resume",
    "case_suspend",
    "case_values",
    "cases_listed",
    "check_pdf",
    "check_upload",
    "default_due",
    "document_add",
    "document_read",
    "effective_steps",
    "handler_assign",
    "interruption_add",
    "is_overdue",
    "limitation_of",
    "purge_expired_cases",
    "retention_days",
    "step_add",
    "step_correct",
    "step_withdraw",
    "suspensions_of",
]
