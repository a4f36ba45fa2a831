from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Audit entries of these types say who uses counselling (a booking, a consent, a place
# on the waitlist, a record read or written, a referral), even for anonymous clients:
# the general audit log leaves them out. Set-up rows (studios, rooms, counsellors,
# rules, exceptions) stay visible there.
CONFIDENTIAL_AUDIT_TYPES = (
    "counselling.appointment",
    "counselling.consent",
    "counselling.waitlistentry",
    "counselling.sessionrecord",
    "counselling.referral",
)


if TYPE_CHECKING:
    from jiedao.accounts.actor import Actor
    from jiedao.core.navigation import NavLink


class CounsellingConfig(AppConfig):
    name = "jiedao.counselling"
    label = "counselling"
    verbose_name = _("畅心屋")

    def ready(self) -> None:
        from jiedao.core import audit

        audit.register_confidential(CONFIDENTIAL_AUDIT_TYPES)

    def navigation(self, actor: "Actor") -> Iterable["NavLink"]:
        from jiedao.core.navigation import NavLink

        yield NavLink("counselling:index", _("畅心屋"), staff=False)
