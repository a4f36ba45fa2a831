"""A newsletter story drafted from an activity's records (issue: the community newsletter).

Each programme that knows how to write up its activities defines, on its ``AppConfig``,
``compose_story(activity) -> Story | None``: ``None`` when the activity is not one of its
own (or it has nothing to report yet). ``compose`` asks every installed app in
``INSTALLED_APPS`` order, so the newsletter (``jiedao.bulletin``) names no programme and a
programme never imports the newsletter.

A story is facts in plain Chinese sentences: every paragraph carries the records its
figures come from (``Source``), so an editor, a reviewer and the next draft can trace each
number back. The composer reads the records as they are now; composing again after a
record changed gives a different story (that is how a published article learns its
records moved on: ``fingerprint``).
"""

import hashlib
import json
from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import Model

from jiedao.activities.models import Activity


@dataclass(frozen=True)
class Source:
    """A record a paragraph's facts come from: ``meetings.agendaitem`` #12, “议题三”."""

    model: str  # "app_label.modelname"
    pk: int
    label: str  # what a reader calls it

    @classmethod
    def of(cls, instance: Model, label: str = "") -> "Source":
        return cls(model=instance._meta.label_lower, pk=int(instance.pk), label=label or str(instance))


@dataclass(frozen=True)
class Paragraph:
    text: str
    sources: tuple[Source, ...] = ()
    # A list item (一、… the requirements of a speech) rather than running text.
    item: bool = False


@dataclass(frozen=True)
class Photo:
    """An image the records hold (a meeting photo, a trainee's work), with its caption.
    The newsletter copies the file into the article: a published issue is public, the
    programme's own file is not."""

    source: Source
    image: str  # the file's name in the default storage (``FieldFile.name``)
    caption: str


@dataclass(frozen=True)
class Story:
    kicker: str  # 引题
    title: str
    subtitle: str
    office: str  # the office credited at the end, as the newsletter writes it: "党建办"
    paragraphs: tuple[Paragraph, ...]
    activity_ids: tuple[int, ...]
    photos: tuple[Photo, ...] = field(default=())

    @property
    def sources(self) -> tuple[Source, ...]:
        seen: dict[tuple[str, int], Source] = {}
        for paragraph in self.paragraphs:
            for source in paragraph.sources:
                seen.setdefault((source.model, source.pk), source)
        return tuple(seen.values())

    def fingerprint(self) -> str:
        """A digest of the facts (not of the wording an editor changes later): two drafts of
        the same records give the same value; a changed record gives another."""
        facts = [[p.text, [[s.model, s.pk] for s in p.sources]] for p in self.paragraphs]
        payload = json.dumps([self.title, self.office, list(self.activity_ids), facts], ensure_ascii=False)
        return hashlib.sha256(payload.encode()).hexdigest()


def compose(activity: Activity) -> Story | None:
    """The story of ``activity`` from the first programme that writes up its kind."""
    for config in apps.get_app_configs():
        composer = getattr(config, "compose_story", None)
        if composer is not None and (story := composer(activity)) is not None:
            return story  # type: ignore[no-any-return]
    return None
