"""/api/v1/bulletin: public issues, and drafting from an activity."""

import pytest
from django.test import Client

from jiedao.accounts.tokens import token_issue
from jiedao.bulletin.models import Article
from jiedao.bulletin.tests.helpers import Records, an_activity, published_issue
from jiedao.testing import World

pytestmark = pytest.mark.django_db


def test_the_published_issues_read_without_login(client: Client, world: World, records: Records) -> None:
    issue_id = published_issue(world, "甲会议", "乙会议")
    listed = client.get("/api/v1/bulletin/issues").json()
    assert listed["count"] == 1 and listed["items"][0]["id"] == issue_id
    detail = client.get(f"/api/v1/bulletin/issues/{issue_id}").json()
    assert [a["title"] for a in detail["articles"]] == ["甲会议举行", "乙会议举行"]
    first = detail["articles"][0]
    assert first["office"] == "党建办" and first["kicker"] == "" and first["subtitle"] == ""
    assert "sources" not in first and "status" not in first  # who attended stays with the editors
    assert first["activity_ids"] == [Article.objects.get(title="甲会议举行").activities.get().pk]
    assert client.get(f"/api/v1/bulletin/issues/{issue_id}.pdf").content.startswith(b"%PDF")
    assert client.get("/api/v1/bulletin/issues/999999").status_code == 404


def test_a_draft_is_written_from_an_activity(client: Client, world: World, records: Records) -> None:
    activity = an_activity(world)
    raw, _ = token_issue(user=world.users["party"])
    headers = {"Authorization": f"Bearer {raw}"}
    response = client.post(
        "/api/v1/bulletin/drafts", {"activity": activity.pk}, content_type="application/json", headers=headers
    )
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "draft" and body["activity_ids"] == [activity.pk]
    assert "共90人参加了会议" in body["body"]
    missing = client.post(
        "/api/v1/bulletin/drafts", {"activity": 999_999}, content_type="application/json", headers=headers
    )
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"
