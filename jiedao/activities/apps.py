from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

if TYPE_CHECKING:
    from jiedao.accounts.actor import Actor
    from jiedao.core.navigation import NavLink


class ActivitiesConfig(AppConfig):
    name = "jiedao.activities"
    label = "activities"
    verbose_name = _("活动与签到")

    def navigation(self, actor: "Actor") -> Iterable["NavLink"]:
        from jiedao.activities.access import ORGANISER_ROLES
        from jiedao.core.navigation import NavLink

        if actor.has_role(*ORGANISER_ROLES):  # offices and union chairs organise
            yield NavLink("activities:list", pgettext_lazy("navigation", "活动"))
        yield NavLink("activities:mine", _("我的活动"), staff=False)

    def home(self, actor: "Actor", person: object) -> Iterable[object]:
        """What this programme shows on the resident's home (``jiedao.core.home``)."""
        from jiedao.activities.home import home
        from jiedao.people.models import Person

        assert isinstance(person, Person)
        return home(actor, person)
