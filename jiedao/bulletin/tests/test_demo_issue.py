"""The 2020 issue as the demo composes it from the records, and a record changing under it."""

import subprocess
from io import StringIO

import pytest
from django.core.management import call_command
from pytest_django import Settings

from jiedao.accounts.actor import actor_for
from jiedao.accounts.models import User
from jiedao.activities.models import Attendance
from jiedao.bulletin import services
from jiedao.bulletin.models import Article, NewsletterIssue

pytestmark = pytest.mark.django_db

TITLES = [
    "2020年凉城新村街道与工会联席会议举行",
    "凉城新村街道继续开展主讲“四史”学习教育党课",
    "「凝新」工作室举办主题党日活动",
    "凉城新村街道为求职者增加就业“砝码”",
]


def test_the_2020_issue_is_drafted_from_the_records_and_notices_a_change(settings: Settings) -> None:
    settings.DEBUG = True
    call_command("load_demo", residents=40, stdout=StringIO(), stderr=StringIO())
    issue = NewsletterIssue.objects.get(year=2020, number=1)
    assert issue.is_published
    articles = list(issue.articles.order_by("position"))
    assert [a.title for a in articles] == TITLES
    assert [a.credit for a in articles] == ["党建办", "党建办", "党群中心", "社区受理中心"]
    meeting, lectures, theme_day, training = articles
    assert meeting.kicker == "团结凝聚广大职工群众 更好服务区域经济发展"
    assert "等90人参加了会议" in meeting.body and "7家单位进行表彰" in meeting.body and "三项议题" in meeting.body
    assert meeting.photos.count() == 2  # the meeting's photos, copied with their captions
    assert lectures.activities.count() == 2 and "乐跃明" in lectures.body and "陈懿" in lectures.body
    assert "“三新”党员" in theme_day.body
    assert "上海理想职业技能培训学校" in training.body and "4场" in training.body
    pdf = services.print_edition(issue)
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert "凉城新村街道社区报" in text and "（社区受理中心）" in text

    # One attendee's sign-in is struck out after publication: the printed text stays, the
    # article is flagged to its editor, and the next draft counts 89.
    activity = meeting.activities.get()
    Attendance.objects.filter(session__activity=activity).order_by("pk").first().delete()  # type: ignore[union-attr]
    assert services.flag_changed_records() == 0  # 2020: older than the daily check's two years
    assert services.flag_changed_records(within_days=None) == 1
    meeting.refresh_from_db()
    assert meeting.records_changed_at is not None and "等90人参加了会议" in meeting.body
    party = actor_for(User.objects.get(username="party"))
    redraft = services.draft_article(actor=party, activity_ids=[activity.pk])
    assert "等89人参加了会议" in redraft.body
    assert Article.objects.filter(records_changed_at__isnull=False).count() == 1
