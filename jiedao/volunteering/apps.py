from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from jiedao.accounts.actor import Actor
    from jiedao.core.navigation import NavLink


class VolunteeringConfig(AppConfig):
    name = "jiedao.volunteering"
    label = "volunteering"
    verbose_name = _("公益服务")

    def navigation(self, actor: "Actor") -> Iterable["NavLink"]:
        """This programme's links in the navigation bar (``jiedao.core.navigation``)."""
        from jiedao.core.navigation import NavLink
        from jiedao.volunteering.access import MANAGER_ROLES, NEED_ROLES

        if not actor.is_authenticated:
            return
        if actor.has_role(*MANAGER_ROLES):
            yield NavLink("volunteering:tasks", _("公益服务任务"))
        elif actor.has_role(*NEED_ROLES):
            yield NavLink("volunteering:needs", _("居民需求"))
        yield NavLink("volunteering:index", _("认领公益服务"), staff=False)
