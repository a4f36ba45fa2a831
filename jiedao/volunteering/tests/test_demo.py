"""The volunteering demo: a catalogue with past verified hours and upcoming shifts,
the theme day's claims of the 三新 members, 孙浩然's claim not yet verified."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from pytest_django import Settings

from jiedao.activities.models import Activity, Attendance
from jiedao.people.models import Person
from jiedao.volunteering.demo_steps import THEME_DAY_TITLE
from jiedao.volunteering.models import Certificate, Claim, ServiceRecord, Shift, Task
from jiedao.volunteering.selectors import first_verified_service


@pytest.mark.django_db
def test_demo_catalogue_claims_and_hours(settings: Settings) -> None:
    settings.DEBUG = True
    call_command("load_demo", residents=200, stdout=StringIO(), stderr=StringIO())
    assert Task.objects.count() == 5
    now = timezone.now()
    upcoming = Shift.objects.filter(session__starts_at__gt=now, session__starts_at__lt=now + dt.timedelta(days=31))
    assert upcoming.count() == 12
    assert {s.capacity - s.claimed for s in upcoming} >= {1, 2}
    for shift in Shift.objects.all():
        assert shift.claimed == Claim.objects.filter(shift=shift, status__in=("claimed", "offered")).count()
    sanxin = Person.objects.get(name="孙浩然")
    (claim,) = Claim.objects.filter(person=sanxin)
    assert claim.shift.session.starts_at > now and not ServiceRecord.objects.filter(claim=claim).exists()
    members = Person.objects.filter(is_party_member=True).exclude(party_category="")
    found = first_verified_service(
        subdistrict_id=sanxin.subdistrict_id, person_ids=list(members.values_list("pk", flat=True))
    )
    # Every 三新 member signed in at the party demo's theme day claimed there and has verified hours.
    theme_day = Activity.objects.get(title=THEME_DAY_TITLE)
    attendees = set(
        Attendance.objects.filter(session__activity=theme_day, person__in=members).values_list("person_id", flat=True)
    )
    assert attendees and sanxin.pk not in attendees  # 20 at the full demo's size, fewer here
    claimed_there = Claim.objects.filter(created_at__date=dt.date(2020, 9, 25))
    assert set(claimed_there.values_list("person_id", flat=True)) == attendees
    assert attendees <= set(found)
    # Others claimed later: some pending, some not served; 孙浩然 has no verified service.
    later = Claim.objects.filter(created_at__date=dt.date(2020, 10, 20))
    assert not later.filter(record__status="verified").exists()
    assert sanxin.pk not in found
    assert all(v.starts_at.year == 2020 and v.hours > 0 for v in found.values())
    (certificate,) = Certificate.objects.all()
    assert certificate.name and certificate.id_number_masked.startswith("*") and certificate.issuer_contact
