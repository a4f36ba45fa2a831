"""The resident's home in the demo (``manage.py load_demo``): 王秀英 and 李建国 see real
cards from the programmes' demo data."""

from io import StringIO

import pytest
from django.core.management import call_command
from pytest_django import Settings

from jiedao.accounts.actor import actor_for
from jiedao.accounts.models import User
from jiedao.residents.home import home_of


@pytest.mark.django_db
def test_the_demo_residents_see_their_records(settings: Settings) -> None:
    settings.DEBUG = True
    call_command("load_demo", residents=40, stdout=StringIO(), stderr=StringIO())
    worker = home_of(actor_for(User.objects.get(username="worker")))
    assert {"unions", "legalaid"} <= {c.programme for c in worker.cards}  # a member; her case
    assert "counselling" in {e.programme for e in worker.upcoming}  # her appointment
    jobseeker = home_of(actor_for(User.objects.get(username="jobseeker")))
    assert {"training", "employment"} <= {c.programme for c in jobseeker.cards}  # his class; his registration
    assert "unions" in {a.programme for a in jobseeker.actions}  # not a member: he may apply
