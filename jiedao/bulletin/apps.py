from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from jiedao.accounts.actor import Actor
    from jiedao.core.navigation import NavLink


class BulletinConfig(AppConfig):
    name = "jiedao.bulletin"
    label = "bulletin"
    verbose_name = _("社区报")
    default_auto_field = "django.db.models.BigAutoField"

    def navigation(self, actor: "Actor") -> Iterable["NavLink"]:
        from jiedao.bulletin.access import EDITOR_ROLES
        from jiedao.core.navigation import NavLink

        if actor.has_role(*EDITOR_ROLES):
            yield NavLink("bulletin:articles", _("社区报"))
        elif not actor.is_staff_member:
            yield NavLink("bulletin:archive", _("社区报"), staff=False)
