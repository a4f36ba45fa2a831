"""The volunteering demo: a catalogue with past verified hours and upcoming shifts,
the theme day's claims of the 三新 members, 孙浩然's claim not yet verified."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from pytest_django import Settings

from jiedao.people.models import Person
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
    theme_day = Claim.objects.filter(created_at__date=dt.date(2020, 9, 25))
    assert theme_day.count() == members.count() - 1  # every 三新 member but 孙浩然, at this size
    assert len(found) == len([n for n in range(theme_day.count()) if n % 6 in (0, 1, 3, 4)])
    assert sanxin.pk not in found
    assert all(v.starts_at.year == 2020 and v.hours > 0 for v in found.values())
    assert Certificate.objects.count() == 1
