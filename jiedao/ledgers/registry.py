"""Every ledger the programmes declare (``AppConfig.ledgers``, ``jiedao.core.ledgers``),
in ``INSTALLED_APPS`` order, and which of them an actor may read.

- The sub-district admin reads every ledger of the sub-district.
- Another office role reads the ledgers whose ``readers`` include one of its roles.
- Residents, and anyone outside a sub-district, read none.
"""

from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _

from jiedao.accounts.actor import Actor
from jiedao.accounts.models import Role
from jiedao.core.errors import NotFound
from jiedao.core.ledgers import Ledger


@dataclass(frozen=True)
class Entry:
    """A ledger with the programme that declares it."""

    ledger: Ledger
    programme: str  # the app label, e.g. "party"
    programme_title: str  # its name for people, e.g. 党建

    @property
    def key(self) -> str:
        return self.ledger.key

    @property
    def title(self) -> str:
        return str(self.ledger.title)


def all_ledgers() -> list[Entry]:
    """Every declared ledger; two with one key is a programming error."""
    found: list[Entry] = []
    keys: set[str] = set()
    for config in apps.get_app_configs():
        hook = getattr(config, "ledgers", None)
        if hook is None:
            continue
        for ledger in hook():
            if ledger.key in keys:
                raise ImproperlyConfigured(f"Two ledgers share the key {ledger.key!r}.")
            keys.add(ledger.key)
            found.append(Entry(ledger, config.label, str(config.verbose_name)))
    return found


def may_read(actor: Actor, ledger: Ledger) -> bool:
    if actor.user is None or actor.subdistrict_id is None:
        return False
    if actor.has_role(Role.SUBDISTRICT_ADMIN):
        return True
    return actor.has_role(*(ledger.readers - {Role.RESIDENT}))


def ledgers_for(actor: Actor) -> list[Entry]:
    """The ledgers ``actor`` may read, in the registry's order."""
    return [entry for entry in all_ledgers() if may_read(actor, entry.ledger)]


def ledger_for(actor: Actor, key: str) -> Entry:
    """The ledger ``key`` if the actor may read it; else ``NotFound`` (one answer for a
    key that does not exist and one the actor may not read)."""
    for entry in ledgers_for(actor):
        if entry.key == key:
            return entry
    raise NotFound(_("该台账不存在或您无权查看。"))


def grouped(entries: list[Entry]) -> list[tuple[str, list[Entry]]]:
    """``entries`` grouped by programme, in the registry's order."""
    groups: dict[str, list[Entry]] = {}
    for entry in entries:
        groups.setdefault(entry.programme_title, []).append(entry)
    return list(groups.items())
