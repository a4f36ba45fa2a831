import datetime as dt
import os
import re
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings

from jiedao.meetings import services
from jiedao.meetings.models import AgendaItem, Meeting
from jiedao.meetings.tests.helpers import MEETING_TITLE, MeetingWorld, meeting_world
from jiedao.org.models import Unit
from jiedao.testing import World


@pytest.fixture
def mw(world: World) -> MeetingWorld:
    return meeting_world(world)


def test_index_lists_what_each_reader_may_see(client: Client, world: World, mw: MeetingWorld) -> None:
    client.force_login(world.users["jiachun"])
    assert MEETING_TITLE in client.get(reverse("meetings:index")).content.decode()
    client.force_login(world.users["xiuyuan"])  # not invited
    assert MEETING_TITLE not in client.get(reverse("meetings:index")).content.decode()


def test_create_a_meeting_through_the_page(client: Client, world: World, mw: MeetingWorld) -> None:
    client.force_login(world.users["union"])
    response = client.post(
        reverse("meetings:create"),
        {
            "joint_meeting": mw.body.pk,
            "title": "2021年联席会议",
            "starts_at": "2021-09-23T14:00",
            "ends_at": "2021-09-23T16:00",
            "place": "党群服务中心",
            "host": "乐跃明",
        },
    )
    meeting = Meeting.objects.get(activity__title="2021年联席会议")
    assert response.status_code == 302 and response["Location"] == reverse("meetings:detail", args=[meeting.pk])
    assert meeting.host == world.people["party_member"]


def test_create_shows_errors_in_chinese_and_stores_nothing(client: Client, world: World, mw: MeetingWorld) -> None:
    client.force_login(world.users["union"])
    before = Meeting.objects.count()
    response = client.post(
        reverse("meetings:create"),
        {
            "joint_meeting": mw.body.pk,
            "title": "x",
            "starts_at": "2021-09-23T16:00",
            "ends_at": "2021-09-23T14:00",
            "place": "p",
            "host": "无此人",
        },
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "本街道没有名为“无此人”的人员" in body
    assert Meeting.objects.count() == before


def test_detail_shows_the_agenda_and_manager_forms(client: Client, world: World, mw: MeetingWorld) -> None:
    client.force_login(world.users["admin"])
    body = client.get(reverse("meetings:detail", args=[mw.meeting.pk])).content.decode()
    assert "关于进一步加强职工法律援助工作" in body and "添加议程" in body
    client.force_login(world.users["jiachun"])
    body = client.get(reverse("meetings:detail", args=[mw.meeting.pk])).content.decode()
    assert "关于进一步加强职工法律援助工作" in body and "添加议程" not in body


def test_agenda_add_and_htmx_move(client: Client, world: World, mw: MeetingWorld) -> None:
    client.force_login(world.users["admin"])
    client.post(reverse("meetings:agenda_add", args=[mw.meeting.pk]), {"new-kind": "ceremony", "new-title": "揭牌"})
    item = AgendaItem.objects.get(meeting=mw.meeting, title="揭牌")
    response = client.post(
        reverse("meetings:agenda_move", args=[item.pk]), {"direction": "up"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200 and "<html" not in response.content.decode()
    item.refresh_from_db()
    assert item.position == mw.meeting.agenda.count() - 1


def test_bad_votes_are_a_message_not_a_crash(client: Client, world: World, mw: MeetingWorld) -> None:
    client.force_login(world.users["admin"])
    response = client.post(
        reverse("meetings:agenda_add", args=[mw.meeting.pk]),
        {"new-kind": "deliberation", "new-title": "x", "new-votes_for": "-2"},
        follow=True,
    )
    assert "票数不能为负数" in response.content.decode()
    assert not AgendaItem.objects.filter(meeting=mw.meeting, title="x").exists()


def test_minutes_page_is_derived_from_the_record(client: Client, world: World, mw: MeetingWorld) -> None:
    client.force_login(world.users["admin"])
    body = client.get(reverse("meetings:minutes", args=[mw.meeting.pk])).content.decode()
    assert "会议纪要" in body and "经费交纳先进单位" in body and "提高政治站位" in body and "乐跃明" in body


def test_overdue_view(client: Client, world: World, mw: MeetingWorld) -> None:
    client.force_login(world.users["admin"])
    body = client.get(reverse("meetings:action_list") + "?view=overdue").content.decode()
    assert "提高政治站位（测试督办）" in body and "已逾期" in body
    services.action_item_set_status(actor=mw.actor, item=mw.action, status="done")
    body = client.get(reverse("meetings:action_list") + "?view=overdue").content.decode()
    assert "提高政治站位（测试督办）" not in body


def test_regulation_page_offers_the_next_statuses(client: Client, world: World, mw: MeetingWorld) -> None:
    client.force_login(world.users["admin"])
    body = client.get(reverse("meetings:regulation", args=[mw.regulation.pk])).content.decode()
    assert 'value="review"' in body and 'value="in_force"' not in body
    version = mw.regulation.versions.get()
    client.post(reverse("meetings:version_transition", args=[version.pk]), {"status": "review"})
    version.refresh_from_db()
    assert version.status == "review"


def test_detail_links_to_the_sign_in_screen_and_attendance(client: Client, world: World, mw: MeetingWorld) -> None:
    client.force_login(world.users["admin"])
    body = client.get(reverse("meetings:detail", args=[mw.meeting.pk])).content.decode()
    assert reverse("activities:screen", args=[mw.session.pk]) in body
    assert reverse("activities:attendance", args=[mw.session.pk]) in body


def test_detail_and_minutes_have_a_constant_number_of_queries(client: Client, world: World, mw: MeetingWorld) -> None:
    client.force_login(world.users["admin"])
    urls = [reverse("meetings:detail", args=[mw.meeting.pk]), reverse("meetings:minutes", args=[mw.meeting.pk])]
    for url in urls:
        client.get(url)
    before = []
    for url in urls:
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        before.append(len(ctx))
    speech = services.agenda_item_add(actor=mw.actor, meeting=mw.meeting, kind="speech", title="讲话二")
    for i in range(3):
        services.requirement_add(actor=mw.actor, item=speech, text=f"要求{i}")
        services.commendation_add(
            actor=mw.actor,
            item=mw.commendation,
            unit=Unit.objects.create(subdistrict=world.liangcheng, name=f"单位{i}", kind="other"),
            award="先进",
        )
    services.agenda_item_add(actor=mw.actor, meeting=mw.meeting, kind="deliberation", title="议题二", outcome="passed")
    after = []
    for url in urls:
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        after.append(len(ctx))
    assert after == before


def _png() -> bytes:
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_photo_upload_reaches_the_minutes_and_the_pdf(
    client: Client, world: World, mw: MeetingWorld, settings: Settings, tmp_path: Path
) -> None:
    import subprocess

    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    client.force_login(world.users["admin"])
    url = reverse("meetings:photo_add", args=[mw.meeting.pk])
    client.post(url, {"caption": "胡军为畅心屋揭牌", "image": SimpleUploadedFile("a.png", _png(), "image/png")})
    photo = mw.meeting.photos.get()
    assert photo.image.path.startswith(str(tmp_path))
    assert "胡军为畅心屋揭牌" in client.get(reverse("meetings:minutes", args=[mw.meeting.pk])).content.decode()
    pdf = client.get(reverse("meetings:minutes_pdf", args=[mw.meeting.pk])).content
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert "胡军为畅心屋揭牌" in "".join(text.split())
    assert b"/Subtype /Image" in pdf or b"/Image" in pdf


def test_a_file_that_is_not_an_image_is_refused_with_a_message(
    client: Client, world: World, mw: MeetingWorld, settings: Settings, tmp_path: Path
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    client.force_login(world.users["admin"])
    url = reverse("meetings:photo_add", args=[mw.meeting.pk])
    response = client.post(
        url, {"caption": "x", "image": SimpleUploadedFile("a.png", b"not an image", "image/png")}, follow=True
    )
    assert "照片" in response.content.decode() and not mw.meeting.photos.exists()


def test_a_cancelled_invitation_no_longer_opens_the_meeting(client: Client, world: World, mw: MeetingWorld) -> None:
    from jiedao.activities.models import Registration

    client.force_login(world.users["jiachun"])
    url = reverse("meetings:detail", args=[mw.meeting.pk])
    assert client.get(url).status_code == 200
    Registration.objects.filter(activity=mw.meeting.activity, unit=world.jiachun).update(status="cancelled")
    assert client.get(url).status_code == 404


def test_edit_the_body(client: Client, world: World, mw: MeetingWorld) -> None:
    client.force_login(world.users["admin"])
    url = reverse("meetings:body_edit", args=[mw.body.pk])
    assert "凉城新村街道与工会联席会议" in client.get(url).content.decode()
    response = client.post(
        url, {"name": "联席会议（新）", "convenor_unit": world.office.pk, "convenor": "", "frequency": "half_yearly"}
    )
    assert response.status_code == 302
    mw.body.refresh_from_db()
    assert (mw.body.name, mw.body.frequency, mw.body.convenor) == ("联席会议（新）", "half_yearly", None)


def test_edit_an_action_item_and_a_bad_deadline_changes_nothing(client: Client, world: World, mw: MeetingWorld) -> None:
    url = reverse("meetings:action_edit", args=[mw.action.pk])
    client.force_login(world.users["jiachun"])  # the owner unit's chair reads it but does not edit it
    assert client.get(url).status_code == 403
    client.force_login(world.users["admin"])
    assert mw.action.title in client.get(url).content.decode()
    data = {"title": "提高政治站位", "owner_unit": world.gongzhi.pk, "deadline": "2021-03-31", "description": ""}
    bad = client.post(url, {**data, "deadline": "明年"})
    assert bad.status_code == 400 and "日期" in bad.content.decode()
    mw.action.refresh_from_db()
    assert mw.action.deadline == dt.date(2020, 12, 31) and mw.action.owner_unit == world.jiachun
    assert client.post(url, data).status_code == 302
    mw.action.refresh_from_db()
    assert (mw.action.deadline, mw.action.owner_unit) == (dt.date(2021, 3, 31), world.gongzhi)


def test_delete_a_photo_removes_the_file_after_commit(
    client: Client,
    world: World,
    mw: MeetingWorld,
    settings: Settings,
    tmp_path: Path,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    photo = services.photo_add(
        actor=mw.actor, meeting=mw.meeting, image=SimpleUploadedFile("a.png", _png(), "image/png"), caption="合影"
    )
    path = photo.image.path
    client.force_login(world.users["admin"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("meetings:photo_delete", args=[photo.pk]))
    assert response.status_code == 302 and not mw.meeting.photos.exists()
    assert not os.path.exists(path)


def test_body_regulation_and_action_pages_keep_their_query_count(
    client: Client, world: World, mw: MeetingWorld
) -> None:
    client.force_login(world.users["admin"])
    urls = [
        reverse("meetings:body", args=[mw.body.pk]),
        reverse("meetings:regulation_list"),
        reverse("meetings:regulation", args=[mw.regulation.pk]),
        reverse("meetings:action_list") + "?view=all",
        reverse("meetings:body_list"),
    ]

    def measure() -> list[int]:
        counts = []
        for url in urls:
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200, url
            counts.append(len(ctx))
        return counts

    measure()
    before = measure()
    for i in range(4):
        unit = Unit.objects.create(subdistrict=world.liangcheng, name=f"成员单位{i}", kind="other")
        services.member_add(actor=mw.actor, joint_meeting=mw.body, unit=unit, representative=world.people["worker"])
        services.regulation_create(
            actor=mw.actor, joint_meeting=mw.body, title=f"制度{i}", presented_by=world.people["party_member"]
        )
        services.version_create(
            actor=mw.actor, regulation=mw.regulation, title=f"修订稿{i}", presented_by=world.people["party_member"]
        )
        services.action_item_create(
            actor=mw.actor, title=f"事项{i}", owner_unit=unit, deadline=dt.date(2021, 1, i + 1), meeting=mw.meeting
        )
    assert measure() == before


def test_regulation_page_links_the_adopting_meeting_only_to_those_who_may_open_it(
    client: Client, world: World, mw: MeetingWorld
) -> None:
    mw.regulation.versions.update(adopted_at=mw.meeting, adopted_on=dt.date(2020, 9, 24))
    link = reverse("meetings:detail", args=[mw.meeting.pk])
    client.force_login(world.users["jiachun"])  # invited
    assert link in client.get(reverse("meetings:regulation", args=[mw.regulation.pk])).content.decode()
    client.force_login(world.users["xiuyuan"])  # not invited: the title, no dead link
    body = client.get(reverse("meetings:regulation", args=[mw.regulation.pk])).content.decode()
    assert MEETING_TITLE in body and link not in body
    assert client.get(link).status_code == 404


def test_the_agenda_form_offers_only_versions_this_meeting_can_still_adopt(
    client: Client, world: World, mw: MeetingWorld
) -> None:
    version = mw.regulation.versions.get()
    other = services.meeting_create(
        actor=mw.actor,
        joint_meeting=mw.body,
        title="下一次联席会议（测试）",
        starts_at=mw.session.starts_at + dt.timedelta(days=365),
        ends_at=mw.session.starts_at + dt.timedelta(days=365, hours=2),
        place="党群服务中心",
    )
    client.force_login(world.users["admin"])

    def offered(url: str) -> bool:
        body = client.get(url).content.decode()
        select = re.search(r'<select name="(?:new-)?regulation_version".*?</select>', body, re.S)
        assert select is not None
        return f'<option value="{version.pk}"' in select.group(0)

    assert offered(reverse("meetings:detail", args=[other.pk]))
    item = services.agenda_item_add(
        actor=mw.actor, meeting=mw.meeting, kind="adoption", title="", regulation_version=version, outcome="passed"
    )
    # adopted at the first meeting: no longer offered to the next one, still to its own item
    assert not offered(reverse("meetings:detail", args=[other.pk]))
    assert offered(reverse("meetings:detail", args=[mw.meeting.pk]))
    assert offered(reverse("meetings:agenda_edit", args=[item.pk]))
