from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from jiedao.accounts.actor import Actor
    from jiedao.core.navigation import NavLink


class DashboardsConfig(AppConfig):
    """The staff dashboard gathers each programme's ``AppConfig.dashboard(actor)``
    figures (``jiedao.core.charts``); it defines no such hook itself."""

    name = "jiedao.dashboards"
    label = "dashboards"
    verbose_name = _("工作看板")
    default_auto_field = "django.db.models.BigAutoField"

    def navigation(self, actor: "Actor") -> Iterable["NavLink"]:
        from jiedao.accounts.actor import OFFICE_ROLES
        from jiedao.core.navigation import NavLink

        if actor.has_role(*OFFICE_ROLES):
            yield NavLink("dashboards:index", _("工作看板"))
