"""The offices' pages and the public ones: what each shows and what a form refuses."""

import xml.etree.ElementTree as ET
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from jiedao.bulletin.models import Article, NewsletterIssue
from jiedao.bulletin.tests.helpers import Records, an_activity, approved, drafted, published_issue
from jiedao.testing import World

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def signed_in(client: Client, world: World, name: str) -> Client:
    client.force_login(world.users[name])
    return client


def test_an_editor_drafts_from_picked_activities_and_lands_on_the_article(
    client: Client, world: World, records: Records
) -> None:
    activity = an_activity(world)
    signed_in(client, world, "party")
    form = client.get(reverse("bulletin:draft"))
    assert activity.title in form.content.decode()
    response = client.post(reverse("bulletin:draft"), {"activity_ids": [str(activity.pk)]})
    article = Article.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("bulletin:article", args=[article.pk])
    page = client.get(response["Location"]).content.decode()
    assert "共90人参加了会议。" in page and "activities.attendance" in page  # the text and its sources


def test_a_draft_form_sent_back_says_why(client: Client, world: World, records: Records) -> None:
    signed_in(client, world, "party")
    response = client.post(reverse("bulletin:draft"), {})
    assert response.status_code == 400
    assert "这个字段是必填项" in response.content.decode() or "必填" in response.content.decode()


def test_editing_keeps_the_safe_subset_and_refuses_an_empty_title(
    client: Client, world: World, records: Records
) -> None:
    article = drafted(world)
    signed_in(client, world, "party")
    url = reverse("bulletin:article_edit", args=[article.pk])
    values = {"title": "", "body": "<p>改</p>", "office": "party_office"}
    assert client.post(url, values).status_code == 400
    assert client.post(url, values | {"title": "新标题", "body": "<p>改<script>x</script></p>"}).status_code == 302
    article.refresh_from_db()
    assert (article.title, article.body) == ("新标题", "<p>改</p>")


def test_the_review_form_returns_with_a_comment(client: Client, world: World, records: Records) -> None:
    article = drafted(world)
    signed_in(client, world, "party").post(reverse("bulletin:article_submit", args=[article.pk]))
    admin = signed_in(Client(), world, "admin")
    page = admin.get(reverse("bulletin:article", args=[article.pk])).content.decode()
    assert "提交审核意见" in page
    response = admin.post(reverse("bulletin:article_review", args=[article.pk]), {"approve": "0"}, follow=True)
    assert "退回时请写明修改意见" in response.content.decode()
    admin.post(reverse("bulletin:article_review", args=[article.pk]), {"approve": "0", "comment": "补充人数"})
    article.refresh_from_db()
    assert article.status == Article.Status.RETURNED


def test_an_issue_is_put_together_and_published_from_its_page(client: Client, world: World, records: Records) -> None:
    article = approved(world)
    signed_in(client, world, "admin")
    response = client.post(reverse("bulletin:issues"), {"date": "2020-12-18", "number": ""})
    issue = NewsletterIssue.objects.get()
    assert response["Location"] == reverse("bulletin:issue_manage", args=[issue.pk])
    client.post(reverse("bulletin:issue_place", args=[issue.pk]), {"article_id": str(article.pk)})
    client.post(reverse("bulletin:issue_publish", args=[issue.pk]))
    issue.refresh_from_db()
    assert issue.is_published
    assert client.post(reverse("bulletin:issues"), {"date": "2020-12-18", "number": "1"}).status_code == 400


def test_the_public_reads_the_archive_the_issue_and_the_feed_without_login(
    client: Client, world: World, records: Records
) -> None:
    issue_id = published_issue(world, "甲会议", "乙会议")
    NewsletterIssue.objects.create(subdistrict=world.liangcheng, year=2021, number=1, date="2021-01-01")  # a draft
    archive = client.get(reverse("bulletin:archive")).content.decode()
    assert archive.index("甲会议举行") < archive.index("乙会议举行")  # in the issue's order
    assert "2021年第1期" not in archive
    signed_in(client, world, "labour")
    assert client.post(reverse("bulletin:issues"), {"date": "2021-02-01"}).status_code == 403
    client.logout()
    page = client.get(reverse("bulletin:issue", args=[issue_id])).content.decode()
    assert page.index("甲会议举行") < page.index("乙会议举行") and "（党建办）" in page
    feed = ET.fromstring(client.get(reverse("bulletin:feed")).content)
    assert [e.findtext(f"{ATOM}title") for e in feed.iter(f"{ATOM}entry")] == ["甲会议举行", "乙会议举行"]
    pdf = client.get(reverse("bulletin:issue_pdf", args=[issue_id]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_the_article_list_shows_the_flag_and_counts_its_queries(
    client: Client, world: World, records: Records, django_assert_num_queries: Any
) -> None:
    for title in ("甲会议", "乙会议", "丙会议"):
        drafted(world, title=title)
    Article.objects.filter(title="甲会议举行").update(records_changed_at="2020-12-20T10:00:00+08:00")
    signed_in(client, world, "party")
    page = client.get(reverse("bulletin:articles") + "?status=flagged").content.decode()
    assert "甲会议举行" in page and "乙会议举行" not in page
    for title in ("丁会议", "戊会议"):
        drafted(world, title=title)
    with django_assert_num_queries(4):  # as many with 5 articles as with 3
        client.get(reverse("bulletin:articles"))


def test_a_deployment_of_several_subdistricts_shows_one_subdistricts_newsletter(
    client: Client, world: World, records: Records
) -> None:
    published_issue(world, "甲会议")
    other = NewsletterIssue.objects.create(
        subdistrict=world.quyang,
        year=2020,
        number=1,
        date="2020-12-01",
        status="published",
        published_at="2020-12-01T09:00+08:00",
    )
    archive = client.get(reverse("bulletin:archive")).content.decode()
    assert "凉城新村街道社区报" in archive and "曲阳路街道社区报" in archive
    mine = client.get(reverse("bulletin:archive"), {"subdistrict": world.liangcheng.code}).content.decode()
    assert "凉城新村街道社区报" in mine and "曲阳路街道社区报" not in mine
    assert "曲阳路街道社区报" in client.get(reverse("bulletin:archive"), {"subdistrict": "x"}).content.decode()
    feed = ET.fromstring(client.get(reverse("bulletin:feed"), {"subdistrict": world.quyang.code}).content)
    assert list(feed.iter(f"{ATOM}entry")) == []  # its issue holds no article
    listed = client.get("/api/v1/bulletin/issues", {"subdistrict": world.quyang.code}).json()
    assert [i["id"] for i in listed["items"]] == [other.pk]
    assert client.get("/api/v1/bulletin/issues", {"subdistrict": "31010"}).status_code == 422
