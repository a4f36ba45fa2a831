from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from jiedao.accounts.actor import Actor
    from jiedao.core.navigation import NavLink


class PeopleConfig(AppConfig):
    name = "jiedao.people"
    label = "people"
    verbose_name = _("人员库")

    def ready(self) -> None:
        from jiedao.core.audit import register_restricted
        from jiedao.people.access import PARTY_AUDIT_TYPE, sees_party

        register_restricted([PARTY_AUDIT_TYPE], readers=sees_party)

    def navigation(self, actor: "Actor") -> Iterable["NavLink"]:
        from jiedao.core.navigation import NavLink
        from jiedao.people.access import BROWSE_ROLES

        if actor.has_role(*BROWSE_ROLES):  # counsellors and providers cannot open the registry
            yield NavLink("people:list", _("人员库"))
