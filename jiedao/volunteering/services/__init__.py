"""Business operations of the volunteering programme: the catalogue, claims and the
waiting list, hours, certificates. Pages, the API and the demo loader call these."""

from jiedao.volunteering.services.certificates import issue_certificate, period_records
from jiedao.volunteering.services.claims import (
    NoPerson,
    NotCancellable,
    PlacesLeft,
    ShiftFull,
    ShiftStarted,
    TooLate,
    cancel_claim,
    cancel_deadline,
    claim_shift,
    claimant,
    expire_offers,
    join_waitlist,
    offer_next,
    settings_for,
    volunteer_number,
)
from jiedao.volunteering.services.hours import (
    attended_hours,
    correct_record,
    hours_from_attendance,
    report_hours,
    review_record,
    rounded_hours,
)
from jiedao.volunteering.services.tasks import (
    need_decline,
    need_report,
    settings_update,
    shifts_add,
    task_create,
    task_set_open,
)

__all__ = [
    "NoPerson",
    "NotCancellable",
    "PlacesLeft",
    "ShiftFull",
    "ShiftStarted",
    "TooLate",
    "attended_hours",
    "cancel_claim",
    "cancel_deadline",
    "claim_shift",
    "claimant",
    "correct_record",
    "expire_offers",
    "hours_from_attendance",
    "issue_certificate",
    "join_waitlist",
    "need_decline",
    "need_report",
    "offer_next",
    "period_records",
    "report_hours",
    "review_record",
    "rounded_hours",
    "settings_for",
    "settings_update",
    "shifts_add",
    "task_create",
    "task_set_open",
    "volunteer_number",
]
