"""The record pages: the counsellor's view and edit, the supervisor's reason form,
the referral form, the list; every page read audited, nothing cached."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from jiedao.core.models import AuditEntry
from jiedao.counselling.forms import ReadReasonForm
from jiedao.counselling.models import Appointment, Referral, SessionRecord
from jiedao.testing import World, make_person, numbered
from tests.access.counselling_records import NOTES, OTHER_NOTES, Records, book, records_world

pytestmark = pytest.mark.django_db

REASON = "季度督导：复核高风险个案的处置是否得当"


@pytest.fixture
def rw(world: World) -> Records:
    return records_world(world)


def _reads() -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=AuditEntry.Action.REVEAL, object_type="counselling.sessionrecord"))


def _url(appointment: Appointment, name: str = "counselling:record") -> str:
    return reverse(name, kwargs={"pk": appointment.pk})


def test_the_counsellor_sees_the_record_and_the_read_is_audited(client: Client, world: World, rw: Records) -> None:
    client.force_login(world.users["counsellor"])
    response = client.get(_url(rw.own))
    assert response.status_code == 200
    body = response.content.decode()
    assert NOTES in body and world.people["worker"].name in body
    assert "no-store" in response["Cache-Control"]
    assert "精神卫生法" in body  # no diagnosis fields, and the page says why
    [entry] = _reads()
    assert entry.detail == {"as": "counsellor"}
    assert NOTES not in str(entry.detail)


def test_the_counsellor_saves_the_record(client: Client, world: World, rw: Records) -> None:
    client.force_login(world.users["counsellor"])
    data = {"notes": "新的记录", "topics": ["career"], "risk_level": "moderate"}
    response = client.post(_url(rw.own), data)
    assert response.status_code == 302
    record = SessionRecord.objects.get(appointment=rw.own)
    assert (record.notes, record.topics, record.risk_level) == ("新的记录", "career", "moderate")
    assert AuditEntry.objects.filter(action=AuditEntry.Action.UPDATE, object_id=str(record.pk)).exists()


def test_a_high_risk_save_without_a_referral_shows_the_form_again_and_saves_nothing(
    client: Client, world: World, rw: Records
) -> None:
    client.force_login(world.users["counsellor"])
    response = client.post(_url(rw.own), {"notes": "危险", "risk_level": "high"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "须同时登记转介" in body
    assert SessionRecord.objects.get(appointment=rw.own).notes == NOTES
    response = client.post(
        _url(rw.own),
        {
            "notes": "危险",
            "risk_level": "high",
            "referred_to": "虹口区精神卫生中心",
            "referred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "referral_reason": "有明确的自伤计划",
        },
    )
    assert response.status_code == 302
    assert Referral.objects.get().referred_to == "虹口区精神卫生中心"


def test_the_supervisor_sees_a_reason_form_first_and_nothing_is_read(client: Client, world: World, rw: Records) -> None:
    client.force_login(world.users["supervisor"])
    response = client.get(_url(rw.theirs))
    assert response.status_code == 200
    body = response.content.decode()
    assert OTHER_NOTES not in body and "查阅理由" in body
    assert world.people["zhonghong_worker"].name not in body  # the supervisor never sees who
    assert _reads() == []
    response = client.post(_url(rw.theirs), {"reason": "看看"})
    assert response.status_code == 400 and OTHER_NOTES not in response.content.decode()
    assert "理由至少10字（目前2字）。" in response.content.decode()
    assert _reads() == []


def test_the_reason_help_follows_the_language_of_the_page() -> None:
    with translation.override("en"):
        help_text = str(ReadReasonForm().fields["reason"].help_text)
    assert help_text.startswith("At least 10 characters"), help_text


def test_the_supervisor_reads_once_per_reason(client: Client, world: World, rw: Records) -> None:
    client.force_login(world.users["supervisor"])
    response = client.post(_url(rw.theirs), {"reason": REASON})
    assert response.status_code == 200
    body = response.content.decode()
    assert OTHER_NOTES in body and REASON in body
    assert "no-store" in response["Cache-Control"]
    assert world.people["zhonghong_worker"].name not in body
    [entry] = _reads()
    assert entry.detail == {"as": "supervisor", "reason": REASON}
    # A plain GET afterwards shows the form again, not the record.
    assert OTHER_NOTES not in client.get(_url(rw.theirs)).content.decode()


def test_the_counsellor_sees_who_supervised_their_record(client: Client, world: World, rw: Records) -> None:
    client.force_login(world.users["supervisor"])
    client.post(_url(rw.own), {"reason": REASON})
    client.force_login(world.users["counsellor"])
    body = client.get(_url(rw.own)).content.decode()
    assert REASON in body and "supervisor" in body


def test_no_record_to_read_is_not_found_for_the_supervisor(client: Client, world: World, rw: Records) -> None:
    fresh = book(rw.room, rw.other, world.people["jobseeker"], timezone.now() - dt.timedelta(days=1))
    client.force_login(world.users["supervisor"])
    assert client.get(_url(fresh)).status_code == 404


@pytest.mark.parametrize("persona", ["admin", "union", "labour", "xiuyuan", "jiachun", "worker"])
def test_offices_chairs_and_the_client_get_nothing_individual(
    client: Client, world: World, rw: Records, persona: str
) -> None:
    client.force_login(world.users[persona])
    for name in ("counselling:record", "counselling:record_referral"):
        response = client.get(_url(rw.own, name))
        assert response.status_code == 403
        assert NOTES not in response.content.decode()
    assert client.get(reverse("counselling:record_list")).status_code == 403
    assert _reads() == []


def test_the_counsellor_of_another_appointment_gets_not_found(client: Client, world: World, rw: Records) -> None:
    client.force_login(world.users["counsellor"])
    for name in ("counselling:record", "counselling:record_referral"):
        response = client.get(_url(rw.theirs, name))
        assert response.status_code == 404
    response = client.post(_url(rw.theirs), {"notes": "改写", "risk_level": "none"})
    assert response.status_code == 404
    assert SessionRecord.objects.get(appointment=rw.theirs).notes == OTHER_NOTES


def test_the_referral_page_adds_a_referral(client: Client, world: World, rw: Records) -> None:
    client.force_login(world.users["counsellor"])
    url = _url(rw.own, "counselling:record_referral")
    assert client.get(url).status_code == 200
    response = client.post(url, {"referred_to": "", "referred_at": "", "reason": ""})
    assert response.status_code == 400
    response = client.post(
        url,
        {
            "referred_to": "派出所",
            "referred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "reason": "扬言伤害同事",
        },
    )
    assert response.status_code == 302
    assert Referral.objects.get().reason == "扬言伤害同事"


def test_the_lists_show_no_content_and_the_supervisor_no_client(client: Client, world: World, rw: Records) -> None:
    """(Their query counts are pinned in ``test_query_counts``.)"""

    def body(persona: str) -> str:
        client.force_login(world.users[persona])
        response = client.get(reverse("counselling:record_list"))
        assert response.status_code == 200
        return response.content.decode()

    start = timezone.now() - dt.timedelta(days=10)
    for i in range(6):
        person = make_person(world.liangcheng, numbered("来访者", i))
        for counsellor, offset in ((rw.mine, 0), (rw.other, 1)):
            appointment = book(rw.room, counsellor, person, start + dt.timedelta(hours=2 * i + offset))
            SessionRecord.objects.create(subdistrict=world.liangcheng, appointment=appointment, notes=f"秘密{i}")
    for persona in ("counsellor", "supervisor"):
        assert "秘密" not in body(persona)
    # The supervisor's list names counsellors, never clients.
    assert "来访者〇" in body("counsellor")
    assert "来访者〇" not in body("supervisor")


def test_before_the_session_the_page_offers_no_form(client: Client, world: World, rw: Records) -> None:
    later = book(rw.room, rw.mine, world.people["jobseeker"], timezone.now() + dt.timedelta(hours=3))
    client.force_login(world.users["counsellor"])
    response = client.get(_url(later))
    assert response.status_code == 200
    body = response.content.decode()
    assert "咨询尚未开始" in body and 'name="notes"' not in body
    response = client.post(_url(later), {"notes": "x", "risk_level": "none"})
    assert response.status_code == 400 and not SessionRecord.objects.filter(appointment=later).exists()


def test_the_supervisor_oversees_every_read_without_client_names(client: Client, world: World, rw: Records) -> None:
    client.force_login(world.users["supervisor"])
    client.post(_url(rw.theirs), {"reason": REASON})
    client.force_login(world.users["counsellor"])
    client.get(_url(rw.own))
    client.force_login(world.users["supervisor"])
    response = client.get(reverse("counselling:record_reads"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    body = response.content.decode()
    assert REASON in body and "supervisor" in body and "counsellor" in body
    for record in SessionRecord.objects.all():
        assert f"#{record.pk}" in body
    for name in ("worker", "zhonghong_worker"):
        assert world.people[name].name not in body
    assert NOTES not in body and OTHER_NOTES not in body


@pytest.mark.parametrize("persona", ["counsellor", "admin", "union", "worker"])
def test_only_the_supervisor_sees_the_reads(client: Client, world: World, rw: Records, persona: str) -> None:
    client.force_login(world.users[persona])
    assert client.get(reverse("counselling:record_reads")).status_code in (403, 404)
