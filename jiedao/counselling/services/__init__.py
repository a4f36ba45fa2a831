"""Writes of the 畅心屋, one module per sub-domain: consent, booking, the waitlist,
the studios' set-up and slots, session records and their retention. The public
names are re-exported here: ``from jiedao.counselling import services``."""

from jiedao.counselling.services.booking import book, cancel, mark, new_pseudonym, offer_accept
from jiedao.counselling.services.consent import agreed_now, consent_give, consent_withdraw
from jiedao.counselling.services.errors import (
    AlreadyWaiting,
    ConsentRequired,
    LimitReached,
    NotCancellable,
    OfferGone,
    Purged,
    SlotTaken,
)
from jiedao.counselling.services.records import (
    MAX_NOTES_LENGTH,
    MAX_REASON_LENGTH,
    RecordView,
    record_read,
    record_save,
    record_values,
    referral_add,
    referral_values,
    topics_of,
)
from jiedao.counselling.services.retention import PurgeResult, purge_expired_records
from jiedao.counselling.services.setup import calendar_delete, calendar_save, config_delete, config_save
from jiedao.counselling.services.slots import GenerateResult, generate_all, generate_slots
from jiedao.counselling.services.waitlist import expire_offers, offer_next, waitlist_join, waitlist_leave

__all__ = [
    "MAX_NOTES_LENGTH",
    "MAX_REASON_LENGTH",
    "AlreadyWaiting",
    "ConsentRequired",
    "GenerateResult",
    "LimitReached",
    "NotCancellable",
    "OfferGone",
    "PurgeResult",
    "Purged",
    "RecordView",
    "SlotTaken",
    "agreed_now",
    "book",
    "calendar_delete",
    "calendar_save",
    "cancel",
    "config_delete",
    "config_save",
    "consent_give",
    "consent_withdraw",
    "expire_offers",
    "generate_all",
    "generate_slots",
    "mark",
    "new_pseudonym",
    "offer_accept",
    "offer_next",
    "purge_expired_records",
    "record_read",
    "record_save",
    "record_values",
    "referral_add",
    "referral_values",
    "topics_of",
    "waitlist_join",
    "waitlist_leave",
]
