"""Helpers of the newsletter's tests: a world's articles at each step of the workflow."""

import datetime as dt
from dataclasses import dataclass, field
from io import BytesIO

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from PIL import Image

from jiedao.accounts.actor import Actor, actor_for
from jiedao.activities.models import Activity
from jiedao.activities.stories import Paragraph, Photo, Source, Story
from jiedao.bulletin import services
from jiedao.bulletin.models import Article
from jiedao.testing import World


def actor(world: World, name: str) -> Actor:
    return actor_for(world.users[name])


def an_activity(world: World, title: str = "2020年联席会议", kind: str = Activity.Kind.MEETING) -> Activity:
    return Activity.objects.create(subdistrict=world.liangcheng, kind=kind, title=title, organiser=world.office)


def photo_file(name: str = "records/meeting.jpg") -> str:
    buffer = BytesIO()
    Image.new("RGB", (40, 30), "red").save(buffer, "JPEG")
    return default_storage.save(name, ContentFile(buffer.getvalue()))


def story_of(activity: Activity, attended: int = 90, photo: str = "") -> Story:
    source = Source.of(activity, activity.title)
    return Story(
        kicker="",
        title=activity.title + "举行",
        subtitle="",
        office="党建办",
        paragraphs=(
            Paragraph(f"日前，{activity.title}召开。", (source,)),
            Paragraph(f"共{attended}人参加了会议。", (source, Source("activities.attendance", 7, "签到记录"))),
            Paragraph("1、提高政治站位。", (), item=True),
            Paragraph("2、聚焦发展大局。", (), item=True),
        ),
        activity_ids=(activity.pk,),
        photos=(Photo(source, photo, "与会者合影"),) if photo else (),
    )


@dataclass
class Records:
    """What the tests' composer reads: how many attended each activity (90 unless set) and
    its photo, so a test changes "the records" by changing a number."""

    attended: dict[int, int] = field(default_factory=dict)
    photos: dict[int, str] = field(default_factory=dict)

    def compose(self, activity: Activity) -> Story | None:
        if activity.kind == Activity.Kind.OTHER:
            return None  # nothing a programme writes up
        return story_of(activity, self.attended.get(activity.pk, 90), self.photos.get(activity.pk, ""))


def drafted(world: World, author: str = "party", title: str = "2020年联席会议") -> Article:
    return services.draft_article(actor=actor(world, author), activity_ids=[an_activity(world, title).pk])


def approved(world: World, title: str = "2020年联席会议") -> Article:
    article = drafted(world, title=title)
    services.submit_article(actor=actor(world, "party"), article_id=article.pk)
    services.review_article(actor=actor(world, "admin"), article_id=article.pk, approve=True)
    article.refresh_from_db()
    return article


def published_issue(world: World, *titles: str) -> int:
    admin = actor(world, "admin")
    issue = services.create_issue(actor=admin, date=timezone.localdate() - dt.timedelta(days=1))
    for title in titles or ("2020年联席会议",):
        services.place_article(actor=admin, issue_id=issue.pk, article_id=approved(world, title).pk)
    services.publish_issue(actor=admin, issue_id=issue.pk)
    return issue.pk
