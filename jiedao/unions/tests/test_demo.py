"""The demo step: the network of the 27 areas, members from the registry, once."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pytest_django import Settings

from jiedao.demo import data
from jiedao.org.models import Subdistrict
from jiedao.people.models import Person
from jiedao.unions.models import CoveredUnit, Membership, MembershipStatus, UnionKind, UnionOrganisation
from jiedao.unions.selectors import union_status_of_units
from jiedao.unions.selectors.coverage import coverage, total

pytestmark = pytest.mark.django_db


def test_the_demo_network(settings: Settings) -> None:
    settings.DEBUG = True
    call_command("load_demo", residents=60, stdout=StringIO(), stderr=StringIO())
    sd = Subdistrict.objects.get(code=data.SUBDISTRICT["code"])
    unions = UnionOrganisation.objects.filter(subdistrict=sd)
    assert unions.filter(kind=UnionKind.FEDERATION).count() == 1
    assert unions.filter(kind=UnionKind.JOINT, basis="area").count() == 27
    names = set(unions.filter(kind=UnionKind.ENTERPRISE).values_list("unit__name", flat=True))
    assert {data.JIACHUN, data.GONGZHI} <= names
    assert CoveredUnit.objects.filter(subdistrict=sd).count() >= 5
    # Members are the registry's union members with a union to belong to.
    active = Membership.objects.filter(subdistrict=sd, status=MembershipStatus.ACTIVE)
    assert active.count() == Person.objects.filter(subdistrict=sd, is_worker=True, is_union_member=True).count()
    worker = Person.objects.get(subdistrict=sd, user__username="worker")
    assert active.get(person=worker).union.unit_id == worker.employer_id
    assert Membership.objects.filter(subdistrict=sd, status__in=["pending_union", "pending_federation"]).exists()
    rows = coverage(subdistrict_id=sd.pk, year=2020)
    whole = total(rows)
    assert len([r for r in rows if r.area_id]) == 27
    assert whole.with_union and whole.covered and whole.uncovered
    status = union_status_of_units(subdistrict_id=sd.pk, unit_ids=list(sd.unit_set.values_list("pk", flat=True)))
    assert set(status.values()) == {"own", "joint", "none"}
    # Loading again adds nothing.
    before = (unions.count(), Membership.objects.count())
    with CaptureQueriesContext(connection):
        call_command("load_demo", residents=60, stdout=StringIO(), stderr=StringIO())
    assert (unions.count(), Membership.objects.count()) == before
