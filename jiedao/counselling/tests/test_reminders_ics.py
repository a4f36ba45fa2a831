import datetime as dt
import io

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings

from jiedao.core import notifications
from jiedao.core.errors import DomainError
from jiedao.core.notifications import SmsMessage
from jiedao.counselling import services
from jiedao.counselling.ics import appointment_ics, escape, fold
from jiedao.counselling.models import Appointment, Studio, WaitlistEntry
from jiedao.counselling.tests.conftest import CounsellingSetup, give_consent
from jiedao.testing import World


@pytest.fixture
def sms(settings: Settings) -> list[SmsMessage]:
    settings.JIEDAO_SMS_BACKEND = "jiedao.core.notifications.LocmemSmsBackend"
    notifications.outbox.clear()
    return notifications.outbox


@pytest.mark.django_db
def test_reminder_the_day_before_once(world: World, counselling: CounsellingSetup, sms: list[SmsMessage]) -> None:
    user = world.users["worker"]
    user.email = "worker@example.com"
    user.save()
    a = counselling.appointment
    day_before = timezone.localtime(a.starts_at) - dt.timedelta(days=1)
    with time_machine.travel(day_before.replace(hour=15, minute=0), tick=False):
        call_command("send_counselling_reminders", stdout=io.StringIO())
        call_command("send_counselling_reminders", stdout=io.StringIO())
    assert len(sms) == 1 and "提醒" in sms[0].text and sms[0].phone == world.people["worker"].phone
    # Signed with the sub-district, the time and the address: no studio, room or counselling.
    assert sms[0].template == "appointment_reminder" and sms[0].signature == world.liangcheng.name
    assert sms[0].text.startswith(f"【{world.liangcheng.name}】提醒：您预约的服务")
    assert counselling.studio.address in sms[0].text
    for hidden in (counselling.studio.name, counselling.room.name, "咨询", "心理"):
        assert hidden not in sms[0].text.replace(counselling.studio.address, "")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["worker@example.com"]
    assert message.attachments[0][0] == "appointment.ics"
    a.refresh_from_db()
    assert a.reminded_at is not None


@pytest.mark.django_db
def test_no_reminder_two_days_before_or_when_cancelled(
    world: World, counselling: CounsellingSetup, sms: list[SmsMessage]
) -> None:
    a = counselling.appointment
    with time_machine.travel(timezone.localtime(a.starts_at) - dt.timedelta(days=2), tick=False):
        call_command("send_counselling_reminders", stdout=io.StringIO())
    Appointment.objects.filter(pk=a.pk).update(status="cancelled")
    with time_machine.travel(timezone.localtime(a.starts_at) - dt.timedelta(days=1), tick=False):
        call_command("send_counselling_reminders", stdout=io.StringIO())
    assert sms == []


@pytest.mark.django_db
def test_waitlist_offer_expires_and_goes_to_the_next(
    world: World,
    counselling: CounsellingSetup,
    sms: list[SmsMessage],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    from jiedao.accounts.actor import actor_for
    from jiedao.testing import make_person, make_user

    day = timezone.localdate(counselling.appointment.starts_at)
    first, second = world.people["jobseeker"], make_person(world.liangcheng, "赵候补", phone="13911112222")
    second.user = make_user(world.liangcheng, "second", ("resident", None))
    second.save()
    for p in (first, second):
        give_consent(p)
        services.waitlist_join(actor=actor_for(p.user), person=p, studio=counselling.studio, date_from=day, date_to=day)
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel(actor=actor_for(world.users["worker"]), appointment=counselling.appointment)
    offered = WaitlistEntry.objects.get(status="offered")
    assert offered.person == first
    # An offered entry has its slot and its expiry (a check constraint of the table).
    assert offered.offered_slot_id is not None and offered.offer_expires_at is not None
    # The offered slot is held: the other one waiting cannot book it directly.
    with pytest.raises(services.SlotTaken):
        services.book(actor=actor_for(second.user), person=second, slot_id=offered.offered_slot_id)
    later = offered.offer_expires_at + dt.timedelta(minutes=1)
    with time_machine.travel(later, tick=False), django_capture_on_commit_callbacks(execute=True):
        call_command("expire_waitlist_offers", stdout=io.StringIO())
    offered.refresh_from_db()
    assert offered.status == "expired"
    nxt = WaitlistEntry.objects.get(status="offered")
    assert nxt.person == second and nxt.offered_slot_id == offered.offered_slot_id
    assert [m.phone for m in sms] == [first.phone, second.phone]
    with pytest.raises(DomainError):
        services.offer_accept(actor=actor_for(first.user), entry=offered)


def test_ics_escaping_and_folding() -> None:
    assert escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    line = "LOCATION:" + "上海市虹口区凉城路" * 10
    folded = fold(line)
    for piece in folded.split("\r\n"):
        assert len(piece.encode()) <= 75
    assert folded.replace("\r\n ", "") == line


@pytest.mark.django_db
def test_ics_of_an_appointment(counselling: CounsellingSetup) -> None:
    Studio.objects.filter(pk=counselling.studio.pk).update(address="凉城路545号, 二楼; 东侧")
    a = Appointment.objects.select_related("slot__room__studio").get(pk=counselling.appointment.pk)
    text = appointment_ics(a, now=dt.datetime(2026, 11, 30, 1, 2, 3, tzinfo=dt.UTC))
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")
    unfolded = text.replace("\r\n ", "")
    assert f"UID:appointment-{a.pk}@" in unfolded
    assert "counselling" not in text.lower() and "心理" not in text
    assert "DTSTAMP:20261130T010203Z" in unfolded
    assert f"DTSTART:{a.starts_at.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}" in unfolded
    assert f"DTEND:{a.ends_at.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}" in unfolded
    assert "LOCATION:凉城路545号\\, 二楼\\; 东侧" in unfolded
    assert "SUMMARY:" in unfolded
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))


@pytest.mark.django_db
def test_the_client_hears_when_staff_cancel(
    client: Client,
    world: World,
    counselling: CounsellingSetup,
    sms: list[SmsMessage],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    from jiedao.accounts.actor import actor_for

    with django_capture_on_commit_callbacks(execute=True):
        services.cancel(actor=actor_for(world.users["admin"]), appointment=counselling.appointment, reason="咨询师生病")
    assert len(sms) == 1 and "已由工作人员取消" in sms[0].text
    assert sms[0].template == "appointment_cancelled" and sms[0].signature == world.liangcheng.name
    assert counselling.studio.name not in sms[0].text and "咨询" not in sms[0].text
    assert "咨询师生病" not in sms[0].text  # the reason stays on the client's page
    assert sms[0].phone == world.people["worker"].phone
    client.force_login(world.users["worker"])
    assert "咨询师生病" in client.get(reverse("counselling:mine")).content.decode()
