from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from jiedao.accounts.actor import Actor
    from jiedao.core.navigation import NavLink


class MeetingsConfig(AppConfig):
    name = "jiedao.meetings"
    label = "meetings"
    verbose_name = _("联席会议")

    def navigation(self, actor: "Actor") -> Iterable["NavLink"]:
        from jiedao.core.navigation import NavLink

        if actor.is_staff_member:
            yield NavLink("meetings:index", _("联席会议"))
