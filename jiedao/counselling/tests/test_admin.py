"""The admin shows the 畅心屋 set-up, and appointments, waitlist entries and consents
read-only without naming the client (anonymous or not)."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from jiedao.counselling.models import Appointment, Consent, WaitlistEntry
from jiedao.counselling.tests.conftest import CounsellingSetup, give_consent
from jiedao.testing import World

pytestmark = pytest.mark.django_db


def test_the_admin_pages_name_no_client(client: Client, world: World, counselling: CounsellingSetup) -> None:
    worker = world.people["worker"]
    Appointment.objects.filter(pk=counselling.appointment.pk).update(
        is_anonymous=True, pseudonym="来访者K7Q2", cancel_reason="取消原因-机密"
    )
    consent = Consent.objects.filter(person=worker).first() or give_consent(worker)
    day = counselling.appointment.starts_at.date()
    entry = WaitlistEntry.objects.create(
        subdistrict=world.liangcheng, studio=counselling.studio, person=worker, date_from=day, date_to=day
    )
    root = get_user_model().objects.create_superuser("root", "root@example.org", "x-Strong-Pass-123")
    client.force_login(root)
    pages = [
        reverse("admin:counselling_appointment_changelist"),
        reverse("admin:counselling_appointment_change", args=[counselling.appointment.pk]),
        reverse("admin:counselling_waitlistentry_change", args=[entry.pk]),
        reverse("admin:counselling_consent_change", args=[consent.pk]),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert worker.name not in body, url
        assert "取消原因-机密" not in body, url
    # Read-only: no add, change or delete.
    assert client.get(reverse("admin:counselling_appointment_add")).status_code == 403
