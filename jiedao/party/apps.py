from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from jiedao.accounts.actor import Actor
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

    def navigation(self, actor: "Actor") -> Iterable["NavLink"]:
        """This programme's links in the navigation bar (``jiedao.core.navigation``)."""
        from jiedao.core.navigation import NavLink
        from jiedao.party.access import READ_ROLES

        if actor.has_role(*READ_ROLES):
            yield NavLink("party:index", _("党建"))
        if actor.is_authenticated and not actor.is_staff_member:
            yield NavLink("party:me", _("我的学时"), staff=False)
