"""What a programme tells a resident's home (我的) about the person, without the home
naming the programme.

An app's ``AppConfig`` may define the hook

    home(actor: Actor, person: object) -> Iterable[HomeEntry | HomeCard | HomeAction]

(``person`` is the ``people.Person``; ``object`` in the ``apps.py`` signature so that an
``apps.py`` needs no import for it: the method imports the programme's ``home`` module
and delegates; the home checks the type of every item it gets.)

``jiedao.residents.home.home_of`` asks every installed app in ``INSTALLED_APPS`` order
(as the navigation bar does, ``jiedao.core.navigation``), for the signed-in resident's
own registry record (``people.access.own_person``), and groups the answers:

- ``HomeEntry``: something coming up (即将参加): an appointment, a meeting, a lecture, a
  volunteer shift, a class session. The home merges every programme's entries and sorts
  them by ``starts_at``;
- ``HomeCard``: the programme's record of the person (我的记录): figures such as
  study hours, lines of text, a link to the programme's own page;
- ``HomeAction``: what the person can do next there (我可以办): a label and a link.

A programme with nothing for the person yields nothing. A hook reads through its own
programme's selectors and access functions (the rules of what the programme shows the
person stay in one place), does a bounded number of queries whatever the person has, and
shows no more than the programme's own pages show without a fresh proof. Texts are
translated when the hook runs (the request's language); links are paths (``reverse``).
"""

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class HomeEntry:
    """Something the person will attend: what, when (aware), where, and a link."""

    title: str
    starts_at: dt.datetime
    kind: str  # what it is, for the reader: "预约", "会议", "党课", "公益服务", "培训课"
    place: str = ""
    url: str = ""
    ends_at: dt.datetime | None = None
    programme: str = ""  # the app label; set by the home, not by the programme


@dataclass(frozen=True)
class HomeFigure:
    """One figure of a card: ``学时 12.5``. ``value`` is already written out (a
    ``Decimal`` as its string, exact); ``unit`` may be empty."""

    label: str
    value: str
    unit: str = ""


@dataclass(frozen=True)
class HomeCard:
    """The programme's record of the person: a title, figures, lines, a link."""

    title: str
    figures: tuple[HomeFigure, ...] = ()
    lines: tuple[str, ...] = ()
    url: str = ""
    link_label: str = ""
    programme: str = ""


@dataclass(frozen=True)
class HomeAction:
    """What the person can do next in the programme."""

    label: str
    url: str
    programme: str = ""


HomeItem = HomeEntry | HomeCard | HomeAction
