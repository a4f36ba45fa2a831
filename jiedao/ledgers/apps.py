from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from jiedao.accounts.actor import Actor
    from jiedao.core.navigation import NavLink


class LedgersConfig(AppConfig):
    name = "jiedao.ledgers"
    label = "ledgers"
    verbose_name = _("台账中心")
    default_auto_field = "django.db.models.BigAutoField"

    def navigation(self, actor: "Actor") -> Iterable["NavLink"]:
        """The ledger centre, for staff who may read at least one ledger."""
        from jiedao.core.navigation import NavLink
        from jiedao.ledgers.registry import ledgers_for

        if actor.is_staff_member and ledgers_for(actor):
            yield NavLink("ledgers:index", _("台账中心"))
