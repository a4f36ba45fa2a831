"""Business operations on activities, sessions, invitations and attendance.

Pages, the API, the meetings programme, the demo loader and the benchmark all go
through these functions. Each validates, runs in one transaction and writes an
audit entry for a change made by staff; a resident's own QR sign-in is not
audited (the attendance row itself records it).
"""

from jiedao.activities.services.activities import (
    SIGN_OUT_KINDS,
    activity_create,
    activity_update,
    activity_values,
    session_create,
    session_update,
    session_values,
)
from jiedao.activities.services.attendance import (
    NoPerson,
    Outcome,
    scan_sign_in,
    sign_in,
    sign_out,
    sign_with_token,
    staff_sign_in,
    staff_sign_out,
)
from jiedao.activities.services.invitations import derived_category, invite, registration_set_status

__all__ = [
    "SIGN_OUT_KINDS",
    "NoPerson",
    "Outcome",
    "activity_create",
    "activity_update",
    "activity_values",
    "derived_category",
    "invite",
    "registration_set_status",
    "scan_sign_in",
    "session_create",
    "session_update",
    "session_values",
    "sign_in",
    "sign_out",
    "sign_with_token",
    "staff_sign_in",
    "staff_sign_out",
]
