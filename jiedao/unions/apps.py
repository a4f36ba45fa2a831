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

    def ledgers(self) -> Iterable[object]:
        """This programme's ledgers (``jiedao.core.ledgers``), built in ``ledgers.py``."""
        from jiedao.unions.ledgers import ledgers

        return ledgers()

    def dashboard(self, actor: "Actor") -> Iterable[object]:
        """This programme's figures on the staff dashboard (``jiedao.core.charts``:
        ``Chart`` and ``Tile``), built in ``dashboard.py``."""
        from jiedao.unions.dashboard import figures

        return figures(actor)

    def navigation(self, actor: "Actor") -> Iterable["NavLink"]:
        """This programme's links in the navigation bar (``jiedao.core.navigation``)."""
        from jiedao.core.navigation import NavLink
        from jiedao.unions.access import READ_ROLES

        if actor.has_role(*READ_ROLES):
            yield NavLink("unions:index", _("工会组织"))
        if actor.is_authenticated and not actor.is_staff_member:
            yield NavLink("unions:join", _("我要入会"), staff=False)

    def home(self, actor: "Actor", person: object) -> Iterable[object]:
        """What this programme shows on the resident's home (``jiedao.core.home``)."""
        from jiedao.people.models import Person
        from jiedao.unions.home import home

        assert isinstance(person, Person)
        return home(actor, person)
