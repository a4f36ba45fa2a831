import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from jiedao.counselling.models import Appointment, Consent, Slot
from jiedao.counselling.tests.conftest import CounsellingSetup
from jiedao.testing import PASSWORD, World


def login(client: Client, world: World, key: str) -> Client:
    assert client.login(username=key, password=PASSWORD)
    return client


@pytest.mark.django_db
def test_resident_books_a_slot_end_to_end(client: Client, world: World, counselling: CounsellingSetup) -> None:
    login(client, world, "jobseeker")
    free = counselling.free_slots()[0]
    day = timezone.localdate(free.starts_at)
    page = client.get(reverse("counselling:index"), {"date": day.isoformat()})
    assert page.status_code == 200
    assert reverse("counselling:slot_confirm", args=[free.pk]) in page.content.decode()
    confirm = client.get(reverse("counselling:slot_confirm", args=[free.pk]))
    assert "单独同意书" in confirm.content.decode()
    refused = client.post(reverse("counselling:slot_confirm", args=[free.pk]), {"anonymous": "on"})
    assert refused.status_code == 400 and "请勾选同意后再预约" in refused.content.decode()
    done = client.post(reverse("counselling:slot_confirm", args=[free.pk]), {"anonymous": "on", "consent": "on"})
    assert done.status_code == 302
    appointment = Appointment.objects.get(slot=free)
    assert appointment.is_anonymous and appointment.pseudonym
    assert Consent.objects.filter(person=world.people["jobseeker"]).exists()
    page = client.get(done["Location"])
    assert reverse("counselling:appointment_ics", args=[appointment.pk]) in page.content.decode()
    ics = client.get(reverse("counselling:appointment_ics", args=[appointment.pk]))
    assert ics["Content-Type"].startswith("text/calendar") and b"BEGIN:VEVENT\r\n" in ics.content
    assert "化名" in client.get(reverse("counselling:mine")).content.decode()


@pytest.mark.django_db
def test_taken_slot_offers_alternatives(client: Client, world: World, counselling: CounsellingSetup) -> None:
    login(client, world, "jobseeker")
    from jiedao.counselling.tests.conftest import give_consent

    give_consent(world.people["jobseeker"])
    taken = counselling.appointment.slot
    response = client.post(reverse("counselling:slot_confirm", args=[taken.pk]), {})
    assert response.status_code == 400  # a refused form, whatever the reason
    body = response.content.decode()
    assert "该时段已被预约" in body and "最近的空闲时段" in body


@pytest.mark.django_db
def test_staff_schedule_shows_pseudonym_never_employer(
    client: Client, world: World, counselling: CounsellingSetup
) -> None:
    a = counselling.appointment
    Appointment.objects.filter(pk=a.pk).update(is_anonymous=True, pseudonym="来访者XY12")
    login(client, world, "admin")
    week = timezone.localdate(a.starts_at).isoformat()
    body = client.get(reverse("counselling:schedule", args=[counselling.studio.pk]), {"week": week}).content.decode()
    assert "来访者XY12" in body
    assert "王秀英" not in body and "嘉春" not in body
    # the counsellor sees the name in their caseload
    client.logout()
    login(client, world, "counsellor")
    body = client.get(reverse("counselling:caseload")).content.decode()
    assert "王秀英" in body and "嘉春" not in body
    assert reverse("counselling:record", args=[a.pk]) in body


@pytest.mark.django_db
def test_staff_pages_render_and_book_on_behalf(client: Client, world: World, counselling: CounsellingSetup) -> None:
    login(client, world, "admin")
    for name in ("studios", "studio_create", "counsellors", "counsellor_create", "calendar"):
        assert client.get(reverse(f"counselling:{name}")).status_code == 200, name
    for name in ("schedule", "studio_edit", "room_create", "rule_create", "exception_create", "book_for"):
        assert client.get(reverse(f"counselling:{name}", args=[counselling.studio.pk])).status_code == 200, name
    url = reverse("counselling:book_for", args=[counselling.studio.pk])
    found = client.get(url, {"q": "陈懿"}).content.decode()
    assert "陈懿" in found
    person = world.people["zhonghong_worker"]
    slot = counselling.free_slots()[0]
    response = client.post(url, {"person": person.pk, "slot": slot.pk})
    assert response.status_code == 400  # the consent was not read out
    response = client.post(url, {"person": person.pk, "slot": slot.pk, "consent": "on"})
    assert response.status_code == 302
    assert Appointment.objects.get(slot=slot).person == person


@pytest.mark.django_db
def test_rule_added_on_the_page_generates_slots(client: Client, world: World, counselling: CounsellingSetup) -> None:
    login(client, world, "admin")
    before = Slot.objects.count()
    response = client.post(
        reverse("counselling:rule_create", args=[counselling.studio.pk]),
        {
            "counsellor": counselling.counsellor.pk,
            "room": counselling.room.pk,
            "weekday": (timezone.localdate() + dt.timedelta(days=3)).weekday(),
            "start_time": "14:00",
            "end_time": "17:00",
            "session_minutes": 50,
            "buffer_minutes": 10,
            "valid_from": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Slot.objects.count() > before


@pytest.mark.django_db
def test_calendar_page_saves_a_day(client: Client, world: World) -> None:
    login(client, world, "admin")
    response = client.post(reverse("counselling:calendar"), {"date": "2031-10-01", "kind": "holiday", "name": "国庆节"})
    assert response.status_code == 302
    assert "国庆节" in client.get(reverse("counselling:calendar"), {"year": 2031}).content.decode()


@pytest.mark.django_db
def test_a_taken_slot_says_so_before_the_form_is_filled(
    client: Client, world: World, counselling: CounsellingSetup
) -> None:
    login(client, world, "jobseeker")
    body = client.get(reverse("counselling:slot_confirm", args=[counselling.appointment.slot_id])).content.decode()
    assert "该时段已被预约" in body and "最近的空闲时段" in body


@pytest.mark.django_db
def test_waitlist_join_with_consent_and_leave(client: Client, world: World, counselling: CounsellingSetup) -> None:
    login(client, world, "jobseeker")
    url = reverse("counselling:waitlist_join", args=[counselling.studio.pk])
    assert "单独同意书" in client.get(url).content.decode()
    today = timezone.localdate()
    data = {"date_from": today.isoformat(), "date_to": (today + dt.timedelta(days=3)).isoformat()}
    refused = client.post(url, data)
    assert refused.status_code == 400 and "请勾选同意后再加入候补" in refused.content.decode()
    assert client.post(url, {**data, "consent": "on"}).status_code == 302
    from jiedao.counselling.models import WaitlistEntry

    entry = WaitlistEntry.objects.get(person=world.people["jobseeker"])
    assert entry.status == "waiting"
    again = client.post(url, data)
    assert again.status_code == 400 and "已在候补名单中" in again.content.decode()
    client.post(reverse("counselling:waitlist_leave", args=[entry.pk]))
    entry.refresh_from_db()
    assert entry.status == "cancelled"
    bad = client.post(url, {"date_from": data["date_to"], "date_to": data["date_from"]})
    assert bad.status_code == 400 and "最晚日期不能早于最早日期" in bad.content.decode()


@pytest.mark.django_db
def test_counsellor_marks_a_started_appointment_and_cancels_with_reason(
    client: Client, world: World, counselling: CounsellingSetup
) -> None:
    a = counselling.appointment
    login(client, world, "counsellor")
    client.post(reverse("counselling:appointment_mark", args=[a.pk]), {"status": "attended"})
    a.refresh_from_db()
    assert a.status == "booked"  # not started yet
    response = client.post(reverse("counselling:appointment_cancel", args=[a.pk]), {"reason": ""})
    assert response.status_code == 400 and "请填写取消原因" in response.content.decode()
    response = client.post(reverse("counselling:appointment_cancel", args=[a.pk]), {"reason": "咨询师生病"})
    assert response.status_code == 302
    a.refresh_from_db()
    assert a.status == "cancelled" and a.cancel_reason == "咨询师生病"


@pytest.mark.django_db
def test_withdrawing_the_consent_stops_new_bookings(
    client: Client, world: World, counselling: CounsellingSetup
) -> None:
    login(client, world, "worker")
    assert "撤回同意" in client.get(reverse("counselling:mine")).content.decode()
    assert client.post(reverse("counselling:consent_withdraw")).status_code == 302
    consent = Consent.objects.get(person=world.people["worker"])
    assert consent.withdrawn_at is not None
    slot = counselling.free_slots()[-1]
    response = client.post(reverse("counselling:slot_confirm", args=[slot.pk]), {})
    assert response.status_code == 400  # the consent box is back and must be ticked
    assert client.post(reverse("counselling:slot_confirm", args=[slot.pk]), {"consent": "on"}).status_code == 302
    history = list(Consent.objects.filter(person=world.people["worker"]).order_by("agreed_at", "id"))
    assert len(history) == 2 and history[0].withdrawn_at is not None and history[1].withdrawn_at is None


@pytest.mark.django_db
def test_the_finder_shows_the_next_appointment(client: Client, world: World, counselling: CounsellingSetup) -> None:
    login(client, world, "worker")
    body = client.get(reverse("counselling:index")).content.decode()
    assert "您的下一次预约" in body and "周静" in body


@pytest.mark.django_db
def test_a_holiday_saved_on_the_calendar_page_closes_its_slots_at_once(
    client: Client, world: World, counselling: CounsellingSetup
) -> None:
    """Free slots of the day go; the booked one is withdrawn (its appointment stays)."""
    booked = counselling.appointment
    day = timezone.localdate(booked.starts_at)
    assert Slot.objects.filter(room__studio=counselling.studio, starts_at__date=day).count() > 1
    login(client, world, "admin")
    response = client.post(
        reverse("counselling:calendar"), {"date": day.isoformat(), "kind": "holiday", "name": "临时"}
    )
    assert response.status_code == 302
    left = list(Slot.objects.filter(room__studio=counselling.studio, starts_at__date=day))
    assert [s.pk for s in left] == [booked.slot_id] and left[0].is_withdrawn
    assert Appointment.objects.get(pk=booked.pk).status == "booked"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "records", "stats"),
    [
        ("counsellor", True, False),
        ("supervisor", True, True),
        ("union", False, True),
        ("worker", False, False),
    ],
)
def test_the_finder_links_records_and_statistics_to_whoever_may_open_them(
    client: Client, world: World, persona: str, records: bool, stats: bool
) -> None:
    login(client, world, persona)
    body = client.get(reverse("counselling:index")).content.decode()
    assert (reverse("counselling:record_list") in body) is records
    assert (reverse("counselling:stats") in body) is stats
    if stats:
        assert client.get(reverse("counselling:stats")).status_code == 200
    if records:
        assert client.get(reverse("counselling:record_list")).status_code == 200


@pytest.mark.django_db
def test_the_office_pages_link_the_statistics(client: Client, world: World) -> None:
    login(client, world, "union")
    assert reverse("counselling:stats") in client.get(reverse("counselling:studios")).content.decode()


@pytest.mark.django_db
def test_my_appointments_in_english_use_the_english_label_separator(
    client: Client, world: World, counselling: CounsellingSetup
) -> None:
    from django.conf import settings

    login(client, world, "jobseeker")
    free = counselling.free_slots()[0]
    client.post(reverse("counselling:slot_confirm", args=[free.pk]), {"consent": "on"})
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = client.get(reverse("counselling:mine")).content.decode()
    assert "Counsellor: " in body and "Counsellor：" not in body


@pytest.mark.django_db
def test_the_finder_says_the_week_is_used_up_before_a_slot_is_picked(
    client: Client, world: World, counselling: CounsellingSetup
) -> None:
    def week(slot: Slot) -> tuple[int, int]:
        return timezone.localdate(slot.starts_at).isocalendar()[:2]

    login(client, world, "jobseeker")
    free = counselling.free_slots()
    first = next(s for s in free if sum(week(o) == week(s) for o in free) > 1)
    assert client.post(reverse("counselling:slot_confirm", args=[first.pk]), {"consent": "on"}).status_code == 302
    notice = "您这一周已有预约"
    same_week = next(s for s in counselling.free_slots() if week(s) == week(first))
    page = client.get(reverse("counselling:index"), {"date": timezone.localdate(same_week.starts_at).isoformat()})
    assert notice in page.content.decode()
    later = next(s for s in counselling.free_slots() if week(s) > week(first))
    page = client.get(reverse("counselling:index"), {"date": timezone.localdate(later.starts_at).isoformat()})
    assert notice not in page.content.decode()
    assert reverse("counselling:slot_confirm", args=[later.pk]) in page.content.decode()


@pytest.mark.django_db
def test_the_caseload_offers_only_the_other_attendance_mark(
    client: Client, world: World, counselling: CounsellingSetup
) -> None:
    a = counselling.appointment
    Appointment.objects.filter(pk=a.pk).update(
        starts_at=timezone.now() - dt.timedelta(hours=2), ends_at=timezone.now() - dt.timedelta(hours=1)
    )
    login(client, world, "counsellor")
    mark = reverse("counselling:appointment_mark", args=[a.pk])
    body = client.get(reverse("counselling:caseload"), {"when": "past"}).content.decode()
    assert body.count(f'action="{mark}"') == 2 and "改为" not in body
    client.post(mark, {"status": "attended"})
    body = client.get(reverse("counselling:caseload"), {"when": "past"}).content.decode()
    assert body.count(f'action="{mark}"') == 1 and "改为未到" in body and "改为已到" not in body
