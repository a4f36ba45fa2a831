"""The employment writes: registration, guidance, referrals (``seekers``) and the
follow-up of trainees (``follow_ups``)."""

from jiedao.employment.services.seekers import (
    record_guidance,
    record_referral_outcome,
    refer,
    register_by_id_number,
    register_job_seeker,
    update_job_seeker,
)

__all__ = [
    "record_guidance",
    "record_referral_outcome",
    "refer",
    "register_by_id_number",
    "register_job_seeker",
    "update_job_seeker",
]
