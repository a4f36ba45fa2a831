from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from jiedao.accounts.actor import Actor
    from jiedao.activities.models import Activity
    from jiedao.activities.stories import Story
    from jiedao.core.navigation import NavLink


class TrainingConfig(AppConfig):
    name = "jiedao.training"
    label = "training"
    verbose_name = _("职业技能培训")

    def start(self, actor: "Actor") -> str | None:
        """Where a training school's user begins (a URL name, for the home page to send
        them to): their classes, not the registry dashboard where they see nobody. None
        for everyone else (the labour office starts on its own dashboard)."""
        from jiedao.accounts.actor import OFFICE_ROLES
        from jiedao.accounts.models import Role

        if actor.has_role(Role.TRAINING_PROVIDER) and not actor.has_role(*OFFICE_ROLES):
            return "training:index"
        return None

    def dashboard(self, actor: "Actor") -> Iterable[object]:
        """This programme's figures on the staff dashboard (``jiedao.core.charts``:
        ``Chart`` and ``Tile``), built in ``dashboard.py``."""
        from jiedao.training.dashboard import figures

        return figures(actor)

    def ledgers(self) -> Iterable[object]:
        """This programme's ledgers (``jiedao.core.ledgers``), built in ``ledgers.py``."""
        from jiedao.training.ledgers import ledgers

        return ledgers()

    def navigation(self, actor: "Actor") -> Iterable["NavLink"]:
        """This programme's links in the navigation bar (``jiedao.core.navigation``): the
        desk for the labour office and the schools, "my training" for anyone signed in."""
        from jiedao.core.navigation import NavLink
        from jiedao.training.access import DESK_ROLES

        if not actor.is_authenticated:
            return
        if actor.has_role(*DESK_ROLES):
            yield NavLink("training:index", _("职业技能培训"))
        yield NavLink("training:mine", _("我的培训"), staff=False)

    def compose_story(self, activity: "Activity") -> "Story | None":
        """The newsletter story of a training class (``jiedao.activities.stories``)."""
        from jiedao.training.stories import training_story

        return training_story(activity)

    def home(self, actor: "Actor", person: object) -> Iterable[object]:
        """What this programme shows on the resident's home (``jiedao.core.home``)."""
        from jiedao.people.models import Person
        from jiedao.training.home import home

        assert isinstance(person, Person)
        return home(actor, person)
