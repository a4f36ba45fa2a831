"""The employment writes: registration, guidance, referrals (``seekers``) and the
follow-up of trainees (``follow_ups``)."""

from jiedao.employment.services.seekers import (
    close_job_seeker,
    record_guidance,
    record_referral_outcome,
    refer,
    register_by_id_number,
    register_job_seeker,
    reopen_job_seeker,
    update_job_seeker,
)

__all__ = [
    "close_job_seeker",
    "record_guidance",
    "record_referral_outcome",
    "refer",
    "register_by_id_number",
    "register_job_seeker",
    "reopen_job_seeker",
    "update_job_seeker",
]
