from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from jiedao.accounts.actor import Actor
    from jiedao.activities.models import Activity
    from jiedao.activities.stories import Story
    from jiedao.core.navigation import NavLink

# Audit entries of these types say who is a party member (a record read, an entry,
# a reminder): in the general audit log only the party roles read them.
PARTY_AUDIT_TYPES = (
    "party.branch",  # its secretary
    "party.committeemember",
    "party.partymember",
    "party.studyentry",
    "party.onboardingreminder",
    "party.targetoverride",
)


class PartyConfig(AppConfig):
    name = "jiedao.party"
    label = "party"
    verbose_name = _("党建")

    def ready(self) -> None:
        from jiedao.core import audit
        from jiedao.people.access import sees_party

        audit.register_restricted(PARTY_AUDIT_TYPES, readers=sees_party)

    def ledgers(self) -> Iterable[object]:
        """This programme's ledgers (``jiedao.core.ledgers``), built in ``ledgers.py``."""
        from jiedao.party.ledgers import ledgers

        return ledgers()

    def dashboard(self, actor: "Actor") -> Iterable[object]:
        """This programme's figures on the staff dashboard (``jiedao.core.charts``:
        ``Chart`` and ``Tile``), built in ``dashboard.py``."""
        from jiedao.party.dashboard import figures

        return figures(actor)

    def navigation(self, actor: "Actor") -> Iterable["NavLink"]:
        """This programme's links in the navigation bar (``jiedao.core.navigation``)."""
        from jiedao.core.navigation import NavLink
        from jiedao.party.access import READ_ROLES

        if actor.has_role(*READ_ROLES):
            yield NavLink("party:index", _("党建"))
        if actor.is_authenticated and not actor.is_staff_member:
            yield NavLink("party:me", _("我的学时"), staff=False)

    def compose_story(self, activity: "Activity") -> "Story | None":
        """The newsletter story of a lecture or a 主题党日 (``jiedao.activities.stories``)."""
        from jiedao.party.stories import party_story

        return party_story(activity)

    def home(self, actor: "Actor", person: object) -> Iterable[object]:
        """What this programme shows on the resident's home (``jiedao.core.home``)."""
        from jiedao.party.home import home
        from jiedao.people.models import Person

        assert isinstance(person, Person)
        return home(actor, person)
