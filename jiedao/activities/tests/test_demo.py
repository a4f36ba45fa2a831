from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from pytest_django import Settings

from jiedao.accounts.models import User
from jiedao.activities import qr
from jiedao.activities.demo_steps import TITLE
from jiedao.activities.models import Activity, Registration, Session


@pytest.mark.django_db
def test_the_demo_has_a_class_on_today_that_signs_out(settings: Settings, client: Client) -> None:
    settings.DEBUG = True
    call_command("load_demo", residents=40, stdout=StringIO(), stderr=StringIO())
    call_command("load_demo", residents=40, stdout=StringIO(), stderr=StringIO())
    activity = Activity.objects.get(title=TITLE)
    assert activity.sign_out_enabled
    session = Session.objects.get(activity=activity)
    assert timezone.localtime(session.starts_at).date() == timezone.localdate()
    invited = set(Registration.objects.filter(activity=activity).values_list("person__user__username", flat=True))
    assert invited == {"worker", "jobseeker"}
    # The demo's resident can sign in and out with the screen's codes.
    client.force_login(User.objects.get(username="worker"))
    client.post(f"/activities/sessions/{session.pk}/sign-in/", {"t": qr.issue(session.pk).value})
    client.post(f"/activities/sessions/{session.pk}/sign-in/", {"t": qr.issue(session.pk, qr.Mode.OUT).value})
    attendance = session.attendances.get()
    assert attendance.signed_out_at is not None
