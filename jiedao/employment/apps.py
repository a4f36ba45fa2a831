from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from jiedao.accounts.actor import Actor
    from jiedao.core.navigation import NavLink


class EmploymentConfig(AppConfig):
    name = "jiedao.employment"
    label = "employment"
    verbose_name = _("就业服务")

    def navigation(self, actor: "Actor") -> Iterable["NavLink"]:
        """The labour office's desk (the admin reads it); a resident's own page."""
        from jiedao.accounts.models import Role
        from jiedao.core.navigation import NavLink
        from jiedao.employment.access import can_read

        if can_read(actor):
            yield NavLink("employment:seekers", _("就业服务"))
        if actor.has_role(Role.RESIDENT):
            yield NavLink("employment:mine", _("我的求职登记"), staff=False)
