from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from jiedao.accounts.actor import Actor
    from jiedao.core.navigation import NavLink


class DuesConfig(AppConfig):
    name = "jiedao.dues"
    label = "dues"
    verbose_name = _("工会经费")

    def ledgers(self) -> Iterable[object]:
        """This programme's ledgers (``jiedao.core.ledgers``), built in ``ledgers.py``."""
        from jiedao.dues.ledgers import ledgers

        return ledgers()

    def dashboard(self, actor: "Actor") -> Iterable[object]:
        """This programme's figures on the staff dashboard (``jiedao.core.charts``:
        ``Chart`` and ``Tile``), built in ``dashboard.py``."""
        from jiedao.dues.dashboard import figures

        return figures(actor)

    def navigation(self, actor: "Actor") -> Iterable["NavLink"]:
        """This programme's links in the navigation bar (``jiedao.core.navigation``)."""
        from jiedao.core.navigation import NavLink
        from jiedao.dues.access import LEDGER_ROLES

        if actor.has_role(*LEDGER_ROLES):
            yield NavLink("dues:index", _("工会经费"))
