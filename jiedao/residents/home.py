"""The resident's home (我的): everything of every programme that concerns the person,
gathered through one hook (``AppConfig.home``, ``jiedao.core.home``).

Every installed app is asked in ``INSTALLED_APPS`` order; the answers are grouped into
即将参加 (every programme's upcoming entries merged and sorted by time), 我的记录 (cards,
in the order of the apps) and 我可以办 (actions). Without a registry record of their own
the person gets nothing here (the page shows the binding prompt instead).
"""

from dataclasses import dataclass, field, replace

from django.apps import apps

from jiedao.accounts.actor import Actor
from jiedao.core.home import HomeAction, HomeCard, HomeEntry
from jiedao.people.access import own_person
from jiedao.people.models import Person

# The home shows the soonest entries; each programme's own page has the rest.
MAX_UPCOMING = 12


@dataclass
class Home:
    person: Person | None
    upcoming: list[HomeEntry] = field(default_factory=list)
    cards: list[HomeCard] = field(default_factory=list)
    actions: list[HomeAction] = field(default_factory=list)
    # Entries beyond ``MAX_UPCOMING`` left off.
    more_upcoming: int = 0

    @property
    def is_empty(self) -> bool:
        return not (self.upcoming or self.cards or self.actions)


def gather(actor: Actor, person: Person) -> Home:
    """Ask every programme about ``person`` and group what they answer."""
    home = Home(person=person)
    for config in apps.get_app_configs():
        hook = getattr(config, "home", None)
        if hook is None:
            continue
        for item in hook(actor, person):
            if isinstance(item, HomeEntry):
                home.upcoming.append(replace(item, programme=config.label))
            elif isinstance(item, HomeCard):
                home.cards.append(replace(item, programme=config.label))
            elif isinstance(item, HomeAction):
                home.actions.append(replace(item, programme=config.label))
            else:  # a programme's mistake, not the person's
                raise TypeError(f"{config.label}.home yielded {type(item).__name__}")
    home.upcoming.sort(key=lambda e: (e.starts_at, e.programme, e.title))
    home.more_upcoming = max(0, len(home.upcoming) - MAX_UPCOMING)
    del home.upcoming[MAX_UPCOMING:]
    return home


def home_of(actor: Actor) -> Home:
    """The signed-in person's home; empty (``person`` None) without a registry record."""
    person = own_person(actor)
    if person is None:
        return Home(person=None)
    return gather(actor, person)
