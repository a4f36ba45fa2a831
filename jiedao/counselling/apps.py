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

    def start(self, actor: "Actor") -> str | None:
        """Where a counsellor or their supervisor begins (the home page's redirect):
        the caseload or the records, not the registry dashboard where they see nobody.
        None for everyone else (an office starts on its own dashboard)."""
        from jiedao.accounts.actor import OFFICE_ROLES
        from jiedao.accounts.models import Role

        if actor.has_role(*OFFICE_ROLES):
            return None
        if actor.has_role(Role.COUNSELLOR):
            return "counselling:caseload"
        if actor.has_role(Role.COUNSELLING_SUPERVISOR):
            return "counselling:record_list"
        return None

    def ledgers(self) -> Iterable[object]:
        """This programme's ledgers (``jiedao.core.ledgers``), built in ``ledgers.py``."""
        from jiedao.counselling.ledgers import ledgers

        return ledgers()

    def dashboard(self, actor: "Actor") -> Iterable[object]:
        """This programme's figures on the staff dashboard (``jiedao.core.charts``:
        ``Chart`` and ``Tile``), built in ``dashboard.py``."""
        from jiedao.counselling.dashboard import figures

        return figures(actor)

    def navigation(self, actor: "Actor") -> Iterable["NavLink"]:
        from jiedao.core.navigation import NavLink

        yield NavLink("counselling:index", _("畅心屋"), staff=False)

    def home(self, actor: "Actor", person: object) -> Iterable[object]:
        """What this programme shows on the resident's home (``jiedao.core.home``)."""
        from jiedao.counselling.home import home
        from jiedao.people.models import Person

        assert isinstance(person, Person)
        return home(actor, person)
