"""Placing approved articles in an issue, in order; 刊发; the print edition."""

import datetime as dt
import subprocess

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage

from jiedao.bulletin import services
from jiedao.bulletin.models import Article, NewsletterIssue
from jiedao.bulletin.tests.helpers import Records, actor, approved, drafted, photo_file, published_issue
from jiedao.core.errors import Conflict, Forbidden
from jiedao.testing import World

pytestmark = pytest.mark.django_db

DAY = dt.date(2020, 12, 18)


def titles(issue_id: int) -> list[str]:
    return list(Article.objects.filter(issue_id=issue_id).order_by("position").values_list("title", flat=True))


def test_numbers_follow_on_within_a_year_and_never_twice(world: World) -> None:
    admin = actor(world, "admin")
    assert services.create_issue(actor=admin, date=DAY).number == 1
    assert services.create_issue(actor=admin, date=DAY).number == 2
    assert services.create_issue(actor=admin, date=DAY.replace(year=2021)).number == 1
    with pytest.raises(ValidationError):
        services.create_issue(actor=admin, date=DAY, number=2)
    with pytest.raises(Forbidden):
        services.create_issue(actor=actor(world, "labour"), date=DAY)
    assert services.create_issue(actor=actor(world, "other_admin"), date=DAY).number == 1  # its own numbering


def test_articles_are_placed_moved_and_removed_in_order(world: World, records: Records) -> None:
    admin = actor(world, "admin")
    issue = services.create_issue(actor=admin, date=DAY)
    a, b, c = (approved(world, t) for t in ("甲会议", "乙会议", "丙会议"))
    for article in (a, b, c):
        services.place_article(actor=admin, issue_id=issue.pk, article_id=article.pk)
    assert titles(issue.pk) == ["甲会议举行", "乙会议举行", "丙会议举行"]
    services.move_article(actor=admin, issue_id=issue.pk, article_id=c.pk, up=True)
    assert titles(issue.pk) == ["甲会议举行", "丙会议举行", "乙会议举行"]
    services.move_article(actor=admin, issue_id=issue.pk, article_id=a.pk, up=True)  # already first
    services.remove_article(actor=admin, issue_id=issue.pk, article_id=a.pk)
    assert titles(issue.pk) == ["丙会议举行", "乙会议举行"]
    assert list(Article.objects.filter(issue=issue).order_by("position").values_list("position", flat=True)) == [1, 2]
    a.refresh_from_db()
    assert a.issue is None and a.position is None and a.status == Article.Status.APPROVED


def test_only_approved_articles_are_placed_and_published(world: World, records: Records) -> None:
    admin = actor(world, "admin")
    issue = services.create_issue(actor=admin, date=DAY)
    with pytest.raises(Conflict):
        services.publish_issue(actor=admin, issue_id=issue.pk)  # empty
    with pytest.raises(Conflict):
        services.place_article(actor=admin, issue_id=issue.pk, article_id=drafted(world).pk)
    article = approved(world, "丁会议")
    with pytest.raises(PermissionDenied):  # 党建办 and the admin put issues together
        services.place_article(actor=actor(world, "labour"), issue_id=issue.pk, article_id=article.pk)
    services.place_article(actor=admin, issue_id=issue.pk, article_id=article.pk)
    with pytest.raises(Conflict):  # placed once
        services.place_article(actor=admin, issue_id=issue.pk, article_id=article.pk)
    services.publish_issue(actor=admin, issue_id=issue.pk)
    issue.refresh_from_db()
    article.refresh_from_db()
    assert issue.status == NewsletterIssue.Status.PUBLISHED and issue.published_at is not None
    assert article.status == Article.Status.PUBLISHED
    with pytest.raises(Conflict):  # a published issue is not edited
        services.remove_article(actor=admin, issue_id=issue.pk, article_id=article.pk)


def test_the_print_edition_is_laid_out_with_the_masthead_and_kept(world: World, records: Records) -> None:
    issue = NewsletterIssue.objects.get(pk=published_issue(world, "甲会议", "乙会议"))
    pdf = services.print_edition(issue)
    assert pdf.startswith(b"%PDF")
    issue.refresh_from_db()
    assert issue.pdf and default_storage.exists(issue.pdf.name)
    assert services.print_edition(issue) == pdf  # kept, not rendered again
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert "凉城新村街道社区报" in text
    assert "甲会议举行" in text and "乙会议举行" in text and "（党建办）" in text


def test_a_photo_reaches_the_print_edition(world: World, records: Records) -> None:
    admin = actor(world, "admin")
    article = drafted(world)
    records.photos[article.activities.get().pk] = photo_file()
    article = services.draft_article(actor=actor(world, "party"), activity_ids=[article.activities.get().pk])
    services.submit_article(actor=actor(world, "party"), article_id=article.pk)
    services.review_article(actor=admin, article_id=article.pk, approve=True)
    issue = services.create_issue(actor=admin, date=DAY)
    services.place_article(actor=admin, issue_id=issue.pk, article_id=article.pk)
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=services.print_edition(issue), capture_output=True, check=True
    ).stdout.decode()
    assert "与会者合影" in text  # the caption under the photo
    issue.refresh_from_db()
    assert not issue.pdf  # a draft's proof is not kept
