"""Drafting from records, editing, 送审 and review; the flag when records move on."""

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.http import Http404

from jiedao.activities.models import Activity
from jiedao.bulletin import services
from jiedao.bulletin.models import Article, Office, Review
from jiedao.bulletin.tests.helpers import Records, actor, an_activity, drafted, photo_file, published_issue
from jiedao.core.errors import Conflict, Forbidden, Invalid, NotFound
from jiedao.core.models import AuditEntry
from jiedao.testing import World

pytestmark = pytest.mark.django_db


def edit(world: World, article: Article, who: str = "party", **values: str) -> Article:
    current = {"kicker": article.kicker, "title": article.title, "subtitle": article.subtitle}
    current |= {"body": article.body, "office": article.office} | values
    return services.update_article(
        actor=actor(world, who),
        article_id=article.pk,
        kicker=current["kicker"],
        title=current["title"],
        subtitle=current["subtitle"],
        body=current["body"],
        office=current["office"],
    )


def test_a_draft_states_the_records_with_their_sources(world: World, records: Records) -> None:
    activity = an_activity(world)
    article = services.draft_article(actor=actor(world, "party"), activity_ids=[activity.pk])
    assert article.status == Article.Status.DRAFT
    assert article.title == "2020年联席会议举行"
    assert article.office == Office.PARTY_OFFICE
    assert article.body == (
        "<p>日前，2020年联席会议召开。</p><p>共90人参加了会议。</p><ul><li>1、提高政治站位。</li><li>2、聚焦发展大局。</li></ul>"
    )
    assert {(s["model"], s["pk"]) for s in article.sources} == {
        ("activities.activity", activity.pk),
        ("activities.attendance", 7),
    }
    assert list(article.activities.all()) == [activity]
    assert AuditEntry.objects.filter(object_type="bulletin.article", action=AuditEntry.Action.CREATE).count() == 1


def test_two_activities_make_one_article_in_the_order_picked(world: World, records: Records) -> None:
    first, second = an_activity(world, "秀苑党课"), an_activity(world, "中虹党课")
    article = services.draft_article(actor=actor(world, "party"), activity_ids=[second.pk, first.pk])
    assert article.title == "中虹党课举行"
    assert article.body.index("中虹党课召开") < article.body.index("秀苑党课召开")
    assert set(article.activities.all()) == {first, second}


def test_the_records_photos_are_copied_into_the_article(world: World, records: Records) -> None:
    activity = an_activity(world)
    records.photos[activity.pk] = photo_file()
    article = services.draft_article(actor=actor(world, "party"), activity_ids=[activity.pk])
    photo = article.photos.get()
    assert photo.caption == "与会者合影"
    assert photo.image.name.startswith("bulletin/photos/")
    assert photo.image.name != records.photos[activity.pk]  # a copy: the programme's file stays its own


def test_drafting_refuses_what_the_editor_may_not_see_or_nothing_to_write(world: World, records: Records) -> None:
    with pytest.raises(NotFound):
        services.draft_article(actor=actor(world, "party"), activity_ids=[999_999])
    elsewhere = Activity.objects.create(
        subdistrict=world.quyang, kind=Activity.Kind.MEETING, title="曲阳会议", organiser=world.office
    )
    with pytest.raises(NotFound):
        services.draft_article(actor=actor(world, "party"), activity_ids=[elsewhere.pk])
    with pytest.raises(Invalid) as refused:
        services.draft_article(
            actor=actor(world, "party"), activity_ids=[an_activity(world, kind=Activity.Kind.OTHER).pk]
        )
    assert refused.value.code == "nothing_to_report"
    with pytest.raises(ValidationError):
        services.draft_article(actor=actor(world, "party"), activity_ids=[])
    with pytest.raises(Forbidden):
        services.draft_article(actor=actor(world, "counsellor"), activity_ids=[an_activity(world).pk])
    assert not Article.objects.exists()


def test_the_body_keeps_only_the_safe_subset(world: World, records: Records) -> None:
    article = edit(
        world, drafted(world), body='<p onclick="x()">正文<script>alert(1)</script></p><img src=x onerror=y>'
    )
    assert article.body == "<p>正文</p>"
    with pytest.raises(ValidationError) as refused:
        edit(world, article, body="<script>only</script>", title="")
    assert set(refused.value.message_dict) == {"body", "title"}
    article.refresh_from_db()
    assert article.body == "<p>正文</p>"  # nothing half-written


def test_review_goes_submitted_then_approved_by_someone_else(world: World, records: Records) -> None:
    article = drafted(world)
    party = actor(world, "party")
    with pytest.raises(Conflict):  # not submitted yet
        services.review_article(actor=actor(world, "admin"), article_id=article.pk, approve=True)
    services.submit_article(actor=party, article_id=article.pk)
    with pytest.raises(Forbidden):  # four eyes: the author does not approve
        services.review_article(actor=party, article_id=article.pk, approve=True)
    with pytest.raises(Forbidden):  # another office does not review 党建办's article
        services.review_article(actor=actor(world, "labour"), article_id=article.pk, approve=True)
    with pytest.raises(Conflict):  # submitted: no more edits
        edit(world, article, title="改")
    services.review_article(actor=actor(world, "admin"), article_id=article.pk, approve=True)
    article.refresh_from_db()
    assert article.status == Article.Status.APPROVED


def test_a_returned_article_carries_the_comment_and_can_be_edited_again(world: World, records: Records) -> None:
    article = drafted(world)
    services.submit_article(actor=actor(world, "party"), article_id=article.pk)
    with pytest.raises(ValidationError):
        services.review_article(actor=actor(world, "admin"), article_id=article.pk, approve=False, comment="  ")
    services.review_article(actor=actor(world, "admin"), article_id=article.pk, approve=False, comment="请补充参会人数")
    article.refresh_from_db()
    assert article.status == Article.Status.RETURNED
    assert article.reviews.get().comment == "请补充参会人数"
    assert edit(world, article, title="改后的标题").title == "改后的标题"
    with transaction.atomic(), pytest.raises(IntegrityError):
        Review.objects.create(
            subdistrict=world.liangcheng, article=article, reviewer=world.users["admin"], decision="returned"
        )


def test_an_article_is_another_subdistricts_404(world: World, records: Records) -> None:
    article = drafted(world)
    with pytest.raises(Http404):
        services.submit_article(actor=actor(world, "other_admin"), article_id=article.pk)


def test_a_changed_record_changes_the_next_draft_and_flags_the_published_article(
    world: World, records: Records
) -> None:
    published_issue(world)
    article = Article.objects.get()
    assert not services.records_moved_on(article)
    assert services.flag_changed_records() == 0
    activity = article.activities.get()
    records.attended[activity.pk] = 91  # one more attendee recorded after publication
    assert services.records_moved_on(article)
    assert services.flag_changed_records() == 1
    article.refresh_from_db()
    assert article.records_changed_at is not None
    assert "共90人" in article.body  # the printed text is not rewritten
    assert services.flag_changed_records() == 0  # flagged once
    redraft = services.draft_article(actor=actor(world, "party"), activity_ids=[activity.pk])
    assert "共91人" in redraft.body and redraft.fingerprint != article.fingerprint
    services.acknowledge_changed_records(actor=actor(world, "party"), article_id=article.pk)
    article.refresh_from_db()
    assert article.records_changed_at is None and not services.records_moved_on(article)


def test_an_editor_adds_and_removes_photos_while_the_article_may_change(
    world: World, records: Records, django_capture_on_commit_callbacks: Any
) -> None:
    article = drafted(world)
    party = actor(world, "party")
    with default_storage.open(photo_file("uploads/camera.jpg"), "rb") as upload:
        photo = services.add_photo(actor=party, article_id=article.pk, image=upload, caption="学员们展示作品并合影")
    assert photo.image.name.startswith("bulletin/photos/") and photo.position == 1
    with pytest.raises(ValidationError) as refused:
        services.add_photo(actor=party, article_id=article.pk, image=ContentFile(b"not a picture", "x.jpg"), caption="")
    assert set(refused.value.message_dict) == {"image", "caption"}
    stored = photo.image.name
    with django_capture_on_commit_callbacks(execute=True):
        services.remove_photo(actor=party, article_id=article.pk, photo_id=photo.pk)
    assert not article.photos.exists() and not default_storage.exists(stored)
    services.submit_article(actor=party, article_id=article.pk)
    with default_storage.open(photo_file("uploads/late.jpg"), "rb") as upload, pytest.raises(Forbidden):
        services.add_photo(actor=party, article_id=article.pk, image=upload, caption="送审后")


def test_a_party_lectures_draft_is_not_shown_to_offices_that_may_not_see_the_lecture(
    world: World, records: Records
) -> None:
    lecture = an_activity(world, "四史党课", kind=Activity.Kind.LECTURE)
    article = services.draft_article(actor=actor(world, "party"), activity_ids=[lecture.pk])
    assert services.records_moved_on(article) is False
    from jiedao.bulletin.access import articles_for

    assert article in articles_for(actor(world, "centre"))  # a party role
    assert article not in articles_for(actor(world, "labour"))  # its draft names who attended
    admin = actor(world, "admin")
    services.submit_article(actor=actor(world, "party"), article_id=article.pk)
    services.review_article(actor=admin, article_id=article.pk, approve=True)
    issue = services.create_issue(actor=admin, date=dt.date(2020, 12, 18))
    services.place_article(actor=admin, issue_id=issue.pk, article_id=article.pk)
    services.publish_issue(actor=admin, issue_id=issue.pk)
    assert article in articles_for(actor(world, "labour"))  # published: public anyway


def test_a_story_gone_from_the_records_stays_acknowledged(world: World, records: Records) -> None:
    published_issue(world)
    article = Article.objects.get()
    activity = article.activities.get()
    Activity.objects.filter(pk=activity.pk).update(kind=Activity.Kind.OTHER)  # nothing to write any more
    assert services.flag_changed_records() == 1
    services.acknowledge_changed_records(actor=actor(world, "party"), article_id=article.pk)
    assert services.flag_changed_records() == 0  # not flagged again for ever
