import datetime as dt
import io

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from jiedao.activities import qr, services
from jiedao.activities.models import Activity, Attendance, AttendeeCategory, Registration, Session
from jiedao.activities.tests.helpers import actor, meeting, session_of
from jiedao.core.models import AuditEntry
from jiedao.people.models import Person
from jiedao.testing import World

pytestmark = pytest.mark.django_db


def test_create_activity_then_session(client: Client, world: World) -> None:
    client.force_login(world.users["union"])
    response = client.post(
        reverse("activities:create"),
        {"kind": "class", "title": " 职工 培训班 ", "organiser": world.office.pk, "sign_out": ""},
    )
    activity = Activity.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "activities:session_create", args=[activity.pk]
    )
    assert activity.title == "职工 培训班" and activity.sign_out_enabled
    response = client.post(
        reverse("activities:session_create", args=[activity.pk]),
        {"starts_at": "2026-06-01T09:00", "ends_at": "2026-06-01T08:00", "place": "党群服务中心"},
    )
    assert response.status_code == 400
    assert "结束时间必须晚于开始时间" in response.content.decode()
    assert not Session.objects.exists()
    client.post(
        reverse("activities:session_create", args=[activity.pk]),
        {"starts_at": "2026-06-01T09:00", "ends_at": "2026-06-01T11:00", "place": "党群服务中心"},
    )
    session = Session.objects.get()
    assert timezone.localtime(session.starts_at).hour == 9
    page = client.get(reverse("activities:detail", args=[activity.pk])).content.decode()
    assert "党群服务中心" in page and reverse("activities:screen", args=[session.pk]) in page


def test_a_chair_cannot_create_for_another_unit(client: Client, world: World) -> None:
    client.force_login(world.users["jiachun"])
    response = client.post(
        reverse("activities:create"), {"kind": "other", "title": "职工活动", "organiser": world.gongzhi.pk}
    )
    assert response.status_code == 400 and not Activity.objects.exists()
    response = client.post(
        reverse("activities:create"), {"kind": "other", "title": "职工活动", "organiser": world.jiachun.pk}
    )
    assert response.status_code == 302 and Activity.objects.get().organiser == world.jiachun


def test_edit_activity(client: Client, world: World) -> None:
    m = meeting(world)
    client.force_login(world.users["admin"])
    response = client.post(
        reverse("activities:edit", args=[m.pk]),
        {"kind": "meeting", "title": "2020年联席会议", "organiser": world.office.pk, "sign_out": "no"},
    )
    assert response.status_code == 302
    m.refresh_from_db()
    assert m.title == "2020年联席会议"
    assert AuditEntry.objects.filter(object_type="activities.activity", action="update").exists()


def test_the_kind_is_fixed_once_the_activity_exists(client: Client, world: World) -> None:
    m = meeting(world)
    client.force_login(world.users["admin"])
    page = client.get(reverse("activities:edit", args=[m.pk])).content.decode()
    assert 'name="kind"' in page and "disabled" in page.split('name="kind"')[1].split(">")[0]
    response = client.post(
        reverse("activities:edit", args=[m.pk]),
        {"kind": "class", "title": "改名", "organiser": world.office.pk, "sign_out": "no"},
    )
    m.refresh_from_db()
    assert response.status_code == 302 and m.kind == Activity.Kind.MEETING and m.title == "改名"


def test_invite_person_by_search_and_unit(client: Client, world: World) -> None:
    m = meeting(world)
    client.force_login(world.users["union"])
    url = reverse("activities:invite", args=[m.pk])
    page = client.post(url, {"action": "search", "q": "wxy"}).content.decode()
    assert "王秀英" in page
    by_number = client.post(url, {"action": "search", "q": world.people["zhonghong_worker"].id_number})
    assert "陈懿" in by_number.content.decode()
    assert world.people["zhonghong_worker"].id_number not in by_number.content.decode()
    client.post(
        url,
        {"action": "person", "person": world.people["worker"].pk, "role": "guest", "category": "", "note": "职工代表"},
    )
    client.post(url, {"action": "unit", "unit": world.gongzhi.pk, "role": "attendee", "category": "member_unit"})
    regs = {(r.person_id, r.unit_id, r.role, r.category) for r in Registration.objects.all()}
    assert regs == {
        (world.people["worker"].pk, None, "guest", "other"),
        (None, world.gongzhi.pk, "attendee", "member_unit"),
    }
    assert Registration.objects.get(person=world.people["worker"]).note == "职工代表"
    detail = client.get(reverse("activities:detail", args=[m.pk])).content.decode()
    assert "王秀英" in detail and "嘉宾" in detail and "待单位指派" in detail and "已邀请" in detail


def test_screen_shows_a_qr_that_rotates_and_live_counts(client: Client, world: World) -> None:
    session = session_of(world, meeting(world))
    client.force_login(world.users["union"])
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        page = client.get(reverse("activities:screen", args=[session.pk])).content.decode()
        token = qr.issue(session.pk)
        assert f'data-token="{token.value}"' in page
        assert "data:image/svg+xml" in page
        assert f"http://testserver/activities/sessions/{session.pk}/sign-in/?t={token.value}" in page
        assert 'hx-trigger="every 5s"' in page and 'hx-trigger="every 3s"' in page
        assert "切换到签退" not in page  # a meeting does not sign out
        traveller.shift(30)
        fragment = client.get(reverse("activities:screen_qr", args=[session.pk]))
        assert fragment["Cache-Control"] == "no-store"
        assert token.value not in fragment.content.decode()
    services.sign_in(session=session, person=world.people["worker"], method="qr")
    counts = client.get(reverse("activities:screen_counts", args=[session.pk])).content.decode()
    assert 'data-total="1"' in counts
    assert 'data-category="other">1<' in counts and 'data-category="office">0<' in counts
    for label in ("街道机关科室", "成员单位", "非公企业工会主席", "居民区工会主席", "其他"):
        assert label in counts


def test_screen_switches_to_sign_out_for_classes(client: Client, world: World) -> None:
    cls = services.activity_create(actor=actor(world, "union"), kind="class", title="培训班", organiser=world.office)
    session = session_of(world, cls)
    client.force_login(world.users["union"])
    page = client.get(reverse("activities:screen", args=[session.pk]) + "?mode=out").content.decode()
    assert "请扫码签退" in page and "切换到签到" in page
    token = page.split('data-token="')[1].split('"')[0]
    assert qr.read(token).mode == qr.Mode.OUT


def test_manual_sign_in_of_an_invited_guest_and_walk_in(client: Client, world: World) -> None:
    m = meeting(world)
    session = session_of(world, m)
    guest = world.people["party_member"]  # 乐跃明 has no account
    reg = services.invite(actor=actor(world, "union"), activity=m, person=guest, category=AttendeeCategory.OFFICE)
    client.force_login(world.users["union"])
    page = client.get(reverse("activities:attendance", args=[session.pk])).content.decode()
    assert "乐跃明" in page and "受邀未签到" in page
    response = client.post(reverse("activities:manual_sign_in", args=[session.pk]), {"registration": reg.pk})
    assert response.status_code == 302
    attendance = Attendance.objects.get(person=guest)
    assert (
        attendance.method == "manual"
        and attendance.category == "office"
        and attendance.recorded_by == world.users["union"]
    )
    client.post(reverse("activities:manual_sign_in", args=[session.pk]), {"registration": reg.pk})
    assert Attendance.objects.count() == 1
    # A walk-in: found by name, then signed in.
    found = client.post(reverse("activities:walk_in", args=[session.pk]), {"q": "李建国"}).content.decode()
    assert "李建国" in found
    client.post(reverse("activities:walk_in", args=[session.pk]), {"person": world.people["jobseeker"].pk})
    assert Attendance.objects.count() == 2
    # Someone of another sub-district is not found.
    nobody = client.post(reverse("activities:walk_in", args=[session.pk]), {"q": "赵曲阳"}).content.decode()
    assert "未找到" in nobody
    assert (
        client.post(
            reverse("activities:walk_in", args=[session.pk]), {"person": world.people["quyang_resident"].pk}
        ).status_code
        == 404
    )
    assert AuditEntry.objects.filter(object_type="activities.attendance", action="create").count() == 2


def test_export_xlsx_masks_id_numbers_and_is_audited(client: Client, world: World) -> None:
    session = session_of(world, meeting(world))
    worker = world.people["worker"]
    services.sign_in(session=session, person=worker, method="qr")
    client.force_login(world.users["admin"])
    response = client.get(reverse("activities:export", args=[session.pk]))
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    rows = list(load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows(values_only=True))
    assert rows[0][:2] == ("序号", "姓名") and rows[1][1] == "王秀英"
    assert worker.id_number not in repr(rows) and rows[1][2] == worker.id_number_masked
    assert rows[1][3] == "其他" and rows[1][4] == world.jiachun.name and rows[1][5] == "扫码"
    assert AuditEntry.objects.filter(action="export", object_type="activities.session").exists()


def test_resident_scan_flow(client: Client, world: World) -> None:
    session = session_of(world, meeting(world))
    token = qr.issue(session.pk).value
    url = reverse("activities:scan", args=[session.pk]) + f"?t={token}"
    # Not logged in: off to the residents' sign-in (a phone number and a code) and back.
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/login/?next=")
    client.force_login(world.users["worker"])
    page = client.get(url).content.decode()
    assert "确认签到" in page and "街道与工会联席会议" in page
    response = client.post(reverse("activities:scan", args=[session.pk]), {"t": token})
    assert response.status_code == 302
    done = client.get(response["Location"]).content.decode()
    assert "签到成功" in done
    again = client.post(reverse("activities:scan", args=[session.pk]), {"t": token})
    assert "已签到" in client.get(again["Location"]).content.decode()
    assert "已签到" in client.get(url).content.decode()  # the page itself says so before any tap
    assert Attendance.objects.count() == 1
    mine = client.get(reverse("activities:mine")).content.decode()
    assert "街道与工会联席会议" in mine


def test_resident_scan_errors(client: Client, world: World) -> None:
    session = session_of(world, meeting(world))
    other = session_of(world, meeting(world, title="另一场"))
    client.force_login(world.users["worker"])
    url = reverse("activities:scan", args=[session.pk])
    forged = client.get(url, {"t": "abc:def"})
    assert forged.status_code == 400 and "无效的签到码" in forged.content.decode()
    with time_machine.travel(timezone.now() - dt.timedelta(minutes=5)):
        old = qr.issue(session.pk).value
    expired = client.post(url, {"t": old})
    assert expired.status_code == 400 and "签到码已过期，请扫描现场屏幕上的最新二维码" in expired.content.decode()
    wrong = client.get(url, {"t": qr.issue(other.pk).value})
    assert wrong.status_code == 400 and "另一场活动" in wrong.content.decode()
    assert not Attendance.objects.exists()


def test_a_user_without_a_person_is_told(client: Client, world: World) -> None:
    session = session_of(world, meeting(world))
    client.force_login(world.users["union"])
    url = reverse("activities:scan", args=[session.pk])
    page = client.get(url, {"t": qr.issue(session.pk).value}).content.decode()
    assert "尚未关联居民信息" in page and "确认签到" not in page
    response = client.post(url, {"t": qr.issue(session.pk).value})
    assert response.status_code == 409 and not Attendance.objects.exists()


def test_walk_in_by_id_number_never_echoes_it(client: Client, world: World) -> None:
    session = session_of(world, meeting(world))
    client.force_login(world.users["admin"])
    number = world.people["worker"].id_number
    page = client.post(reverse("activities:walk_in", args=[session.pk]), {"q": number}).content.decode()
    assert "王秀英" in page and number not in page


def test_resident_signs_out_with_the_out_code(client: Client, world: World) -> None:
    cls = services.activity_create(
        actor=actor(world, "union"), kind="service", title="志愿服务", organiser=world.office
    )
    session = session_of(world, cls)
    client.force_login(world.users["worker"])
    url = reverse("activities:scan", args=[session.pk])
    out = qr.issue(session.pk, qr.Mode.OUT).value
    assert "确认签退" in client.get(url, {"t": out}).content.decode()
    refused = client.post(url, {"t": out})
    assert refused.status_code == 400 and "尚未签到" in refused.content.decode()
    client.post(url, {"t": qr.issue(session.pk).value})
    done = client.post(url, {"t": out})
    assert "签退成功" in client.get(done["Location"]).content.decode()
    assert Attendance.objects.get().signed_out_at is not None


def test_invitation_status(client: Client, world: World) -> None:
    m = meeting(world)
    reg = services.invite(actor=actor(world, "union"), activity=m, person=world.people["worker"])
    client.force_login(world.users["admin"])
    url = reverse("activities:registration_status", args=[reg.pk])
    assert client.post(url, {"status": "declined"}).status_code == 302
    reg.refresh_from_db()
    assert reg.status == Registration.Status.DECLINED
    client.post(url, {"status": "nonsense"})
    reg.refresh_from_db()
    assert reg.status == Registration.Status.DECLINED
    client.force_login(world.users["jiachun"])
    assert client.post(url, {"status": "confirmed"}).status_code == 404


def test_a_chair_scanning_on_the_page_counts_as_a_chair_like_through_the_api(client: Client, world: World) -> None:
    from jiedao.testing import make_person

    session = session_of(world, meeting(world))
    make_person(world.liangcheng, "嘉春主席", user=world.users["jiachun"], employer=world.jiachun)
    client.force_login(world.users["jiachun"])
    response = client.post(reverse("activities:scan", args=[session.pk]), {"t": qr.issue(session.pk).value})
    assert response.status_code == 302 and "r=new" in response["Location"]
    assert Attendance.objects.get().category == AttendeeCategory.ENTERPRISE_UNION_CHAIR


def test_export_writes_a_name_that_looks_like_a_formula_as_text(client: Client, world: World) -> None:
    from jiedao.testing import make_person

    session = session_of(world, meeting(world))
    # A name stored before names were checked (``people.names`` refuses it now).
    tricky = make_person(world.liangcheng, "王芳")
    Person.objects.filter(pk=tricky.pk).update(name='=HYPERLINK("http://example.com","点我")')
    tricky.refresh_from_db()
    services.sign_in(session=session, person=tricky, method="manual")
    client.force_login(world.users["admin"])
    sheet = load_workbook(io.BytesIO(client.get(reverse("activities:export", args=[session.pk])).content)).worksheets[0]
    cell = sheet.cell(row=2, column=2)
    assert cell.data_type == "s" and cell.value == tricky.name


def test_a_tampered_invitation_says_so_and_invites_nobody(client: Client, world: World) -> None:
    m = meeting(world)
    client.force_login(world.users["admin"])
    url = reverse("activities:invite", args=[m.pk])
    data = {"action": "person", "person": world.people["worker"].pk, "role": "king", "category": ""}
    response = client.post(url, data, follow=True)
    assert "邀请未发出" in response.content.decode() and not Registration.objects.exists()


def test_staff_sign_out_a_guest_without_an_account(client: Client, world: World) -> None:
    cls = services.activity_create(actor=actor(world, "union"), kind="class", title="培训班", organiser=world.office)
    session = session_of(world, cls)
    guest = world.people["jobseeker"]
    attendance, _created = services.sign_in(session=session, person=guest, method="manual")
    client.force_login(world.users["admin"])
    page = client.get(reverse("activities:attendance", args=[session.pk])).content.decode()
    assert reverse("activities:manual_sign_out", args=[session.pk]) in page
    response = client.post(reverse("activities:manual_sign_out", args=[session.pk]), {"attendance": attendance.pk})
    assert response.status_code == 302
    attendance.refresh_from_db()
    assert attendance.signed_out_at is not None
    entry = AuditEntry.objects.filter(object_type="activities.attendance", action="update").get()
    assert entry.actor == world.users["admin"]
    # No sign-out at an activity that does not sign out: a message, nothing stored.
    m = session_of(world, meeting(world))
    at_meeting, _created = services.sign_in(session=m, person=guest, method="manual")
    assert (
        reverse("activities:manual_sign_out", args=[m.pk])
        not in client.get(reverse("activities:attendance", args=[m.pk])).content.decode()
    )
    refused = client.post(
        reverse("activities:manual_sign_out", args=[m.pk]), {"attendance": at_meeting.pk}, follow=True
    )
    assert "无需签退" in refused.content.decode()
    at_meeting.refresh_from_db()
    assert at_meeting.signed_out_at is None
    # Another session's attendance is not found through this one.
    assert (
        client.post(reverse("activities:manual_sign_out", args=[m.pk]), {"attendance": attendance.pk}).status_code
        == 404
    )


def test_form_pages_and_searches_sent_back_with_errors_answer_400(client: Client, world: World) -> None:
    m = meeting(world)
    session = session_of(world, m)
    client.force_login(world.users["admin"])
    edit = client.get(reverse("activities:edit", args=[m.pk])).content.decode()
    assert (
        reverse("activities:list") in edit and reverse("activities:detail", args=[m.pk]) in edit
    )  # 活动 → the activity
    refused = client.post(reverse("activities:edit", args=[m.pk]), {"kind": "meeting", "title": "", "sign_out": ""})
    assert refused.status_code == 400 and "提交的内容有误" in refused.content.decode()
    assert client.post(reverse("activities:walk_in", args=[session.pk]), {"q": ""}).status_code == 400
    unit = client.post(reverse("activities:invite", args=[m.pk]), {"action": "unit", "role": "attendee"})
    assert unit.status_code == 400 and not Registration.objects.exists()
