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

    def dashboard(self, actor: "Actor") -> Iterable[object]:
        """This programme's figures on the staff dashboard (``jiedao.core.charts``:
        ``Chart`` and ``Tile``), built in ``dashboard.py``."""
        from jiedao.employment.dashboard import figures

        return figures(actor)

    def ledgers(self) -> Iterable[object]:
        """This programme's ledgers (``jiedao.core.ledgers``), built in ``ledgers.py``."""
        from jiedao.employment.ledgers import ledgers

        return ledgers()

    def navigation(self, actor: "Actor") -> Iterable["NavLink"]:
        """The labour office's desk (the admin reads it); a resident's own page."""
        from jiedao.accounts.models import Role
        from jiedao.core.navigation import NavLink
        from jiedao.employment.access import can_read

        if can_read(actor):
            yield NavLink("employment:seekers", _("就业服务"))
        if actor.has_role(Role.RESIDENT):
            yield NavLink("employment:mine", _("我的求职登记"), staff=False)

    def home(self, actor: "Actor", person: object) -> Iterable[object]:
        """What this programme shows on the resident's home (``jiedao.core.home``)."""
        from jiedao.employment.home import home
        from jiedao.people.models import Person

        assert isinstance(person, Person)
        return home(actor, person)
