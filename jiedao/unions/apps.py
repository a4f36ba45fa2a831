from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from jiedao.accounts.actor import Actor
    from jiedao.core.navigation import NavLink


class UnionsConfig(AppConfig):
    name = "jiedao.unions"
    label = "unions"
    verbose_name = _("工会组织")

    def navigation(self, actor: "Actor") -> Iterable["NavLink"]:
        """This programme's links in the navigation bar (``jiedao.core.navigation``)."""
        from jiedao.core.navigation import NavLink
        from jiedao.unions.access import READ_ROLES

        if actor.has_role(*READ_ROLES):
            yield NavLink("unions:index", _("工会组织"))
        if actor.is_authenticated and not actor.is_staff_member:
            yield NavLink("unions:join", _("我要入会"), staff=False)
