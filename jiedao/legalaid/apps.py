from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Audit entries of these types say who asked for legal aid (a case opened, a step, a
# document, a read): the general audit log leaves them out; the legal-aid supervisor
# sees the reads on a page of their own (``legalaid:reads``).
CONFIDENTIAL_AUDIT_TYPES = (
    "legalaid.legalaidcase",
    "legalaid.casestep",
    "legalaid.casedocument",
)

if TYPE_CHECKING:
    from jiedao.accounts.actor import Actor
    from jiedao.core.navigation import NavLink


class LegalAidConfig(AppConfig):
    name = "jiedao.legalaid"
    label = "legalaid"
    verbose_name = _("职工法律援助")

    def ready(self) -> None:
        from jiedao.core import audit

        audit.register_confidential(CONFIDENTIAL_AUDIT_TYPES)

    def start(self, actor: "Actor") -> str | None:
        """Where this programme's own staff begin (a URL name), for the home page to
        send them to: a legal-aid handler or supervisor without an office role lands
        on the caseload, not on the registry dashboard (where they see nobody).
        None for everyone else."""
        from jiedao.accounts.actor import OFFICE_ROLES
        from jiedao.legalaid import access

        if actor.has_role(*access.CASE_STAFF_ROLES) and not actor.has_role(*OFFICE_ROLES):
            return "legalaid:index"
        return None

    def ledgers(self) -> Iterable[object]:
        """This programme's ledgers (``jiedao.core.ledgers``), built in ``ledgers.py``."""
        from jiedao.legalaid.ledgers import ledgers

        return ledgers()

    def dashboard(self, actor: "Actor") -> Iterable[object]:
        """This programme's figures on the staff dashboard (``jiedao.core.charts``:
        ``Chart`` and ``Tile``), built in ``dashboard.py``."""
        from jiedao.legalaid.dashboard import figures

        return figures(actor)

    def navigation(self, actor: "Actor") -> Iterable["NavLink"]:
        """This programme's links in the navigation bar (``jiedao.core.navigation``)."""
        from jiedao.core.navigation import NavLink
        from jiedao.legalaid import access

        if not actor.is_authenticated:
            return
        if actor.has_role(*access.CASE_STAFF_ROLES):
            yield NavLink("legalaid:index", _("法律援助案件"), staff=True)
        elif access.can_open_for_others(actor):
            yield NavLink("legalaid:open", _("法律援助登记"), staff=True)
        if access.can_see_stats(actor):
            yield NavLink("legalaid:stats", _("法律援助统计"), staff=True)
        if not actor.is_staff_member:
            yield NavLink("legalaid:index", _("法律援助"), staff=False)

    def home(self, actor: "Actor", person: object) -> Iterable[object]:
        """What this programme shows on the resident's home (``jiedao.core.home``)."""
        from jiedao.legalaid.home import home
        from jiedao.people.models import Person

        assert isinstance(person, Person)
        return home(actor, person)
