from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from jiedao.accounts.actor import Actor
    from jiedao.activities.models import Activity
    from jiedao.activities.stories import Story
    from jiedao.core.navigation import NavLink


class MeetingsConfig(AppConfig):
    name = "jiedao.meetings"
    label = "meetings"
    verbose_name = _("联席会议")

    def ledgers(self) -> Iterable[object]:
        """This programme's ledgers (``jiedao.core.ledgers``), built in ``ledgers.py``."""
        from jiedao.meetings.ledgers import ledgers

        return ledgers()

    def dashboard(self, actor: "Actor") -> Iterable[object]:
        """This programme's figures on the staff dashboard (``jiedao.core.charts``:
        ``Chart`` and ``Tile``), built in ``dashboard.py``."""
        from jiedao.meetings.dashboard import figures

        return figures(actor)

    def navigation(self, actor: "Actor") -> Iterable["NavLink"]:
        from jiedao.core.navigation import NavLink

        if actor.is_staff_member:
            yield NavLink("meetings:index", _("联席会议"))

    def compose_story(self, activity: "Activity") -> "Story | None":
        """The newsletter story of a joint meeting (``jiedao.activities.stories``)."""
        from jiedao.meetings.stories import meeting_story

        return meeting_story(activity)
