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

    def ledgers(self) -> Iterable[object]:
        """This programme's ledgers (``jiedao.core.ledgers``), built in ``ledgers.py``."""
        from jiedao.volunteering.ledgers import ledgers

        return ledgers()

    def dashboard(self, actor: "Actor") -> Iterable[object]:
        """This programme's figures on the staff dashboard (``jiedao.core.charts``:
        ``Chart`` and ``Tile``), built in ``dashboard.py``."""
        from jiedao.volunteering.dashboard import figures

        return figures(actor)

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

    def home(self, actor: "Actor", person: object) -> Iterable[object]:
        """What this programme shows on the resident's home (``jiedao.core.home``)."""
        from jiedao.people.models import Person
        from jiedao.volunteering.home import home

        assert isinstance(person, Person)
        return home(actor, person)
