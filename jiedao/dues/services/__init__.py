"""Writes of the dues ledger: keyword-only functions, each in a transaction, audited."""

from jiedao.dues.services.assessments import assessment_create, assessment_update, payment_add, step_add
from jiedao.dues.services.commendation import commend_from_shortlist, default_award, default_title
from jiedao.dues.services.reminders import send_reminders, text_reminder
from jiedao.dues.services.setup import schedule_set, split_set, year_set
from jiedao.dues.services.statements import StatementResult, statement_import
from jiedao.dues.services.voiding import assessment_void, payment_void

__all__ = [
    "StatementResult",
    "assessment_create",
    "assessment_update",
    "assessment_void",
    "commend_from_shortlist",
    "default_award",
    "default_title",
    "payment_add",
    "payment_void",
    "schedule_set",
    "send_reminders",
    "split_set",
    "statement_import",
    "step_add",
    "text_reminder",
    "year_set",
]
