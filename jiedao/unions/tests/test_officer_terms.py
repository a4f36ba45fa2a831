"""Officers have dated terms of office: a change ends the leaving officers' terms the
day before and starts the new ones, the history stays, the current officers are
those whose term covers today, and the database refuses a term ending before it starts."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from jiedao.core.errors import DomainError
from jiedao.testing import World
from jiedao.unions import services
from jiedao.unions.models import UnionOfficer
from jiedao.unions.selectors import network
from jiedao.unions.tests.conftest import UnionsSetup, actor

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2024, 6, 1, 9, tzinfo=dt.UTC)


def _edit(
    world: World,
    unions: UnionsSetup,
    *,
    chair: str,
    committee: list[str] | None = None,
    officers_from: dt.date | None = None,
) -> None:
    union = unions.jiachun_union
    services.update_union(
        actor=actor(world, "union"),
        union_id=union.pk,
        name=union.name,
        parent=union.parent,
        chair=chair,
        committee=committee,
        officers_from=officers_from,
    )


def _terms(unions: UnionsSetup) -> list[tuple[str, str, dt.date, dt.date | None]]:
    rows = UnionOfficer.objects.filter(union=unions.jiachun_union).order_by("term_start", "post", "name")
    return list(rows.values_list("post", "name", "term_start", "term_end"))


@time_machine.travel(NOW, tick=False)
def test_a_new_chair_ends_the_old_chairs_term_and_the_history_stays(
    client: Client, world: World, unions: UnionsSetup
) -> None:
    UnionOfficer.objects.filter(union=unions.jiachun_union).update(term_start=dt.date(2020, 1, 1))
    _edit(world, unions, chair="李新华", committee=["宋春华"], officers_from=dt.date(2024, 3, 1))
    assert _terms(unions) == [
        ("chair", "宋春华", dt.date(2020, 1, 1), dt.date(2024, 2, 29)),
        ("chair", "李新华", dt.date(2024, 3, 1), None),
        ("committee", "宋春华", dt.date(2024, 3, 1), None),
    ]
    union = network.union_detail(actor(world, "union"), unions.jiachun_union.pk)
    assert union is not None
    current, past = network.officer_terms(union)
    assert [(o.post, o.name) for o in current] == [("chair", "李新华"), ("committee", "宋春华")]
    assert [(o.name, o.term_end) for o in past] == [("宋春华", dt.date(2024, 2, 29))]
    # On a day of the old term, the old chair was the one in office.
    old_current, _past = network.officer_terms(union, dt.date(2023, 1, 1))
    assert [(o.post, o.name) for o in old_current] == [("chair", "宋春华")]
    client.force_login(world.users["union"])
    page = client.get(reverse("unions:detail", args=[union.pk])).content.decode()
    assert "历届委员" in page and "2020-01-01 – 2024-02-29" in page
    form = client.get(reverse("unions:edit", args=[union.pk])).content.decode()
    assert 'name="chair" value="李新华"' in form  # the chair field: today's chair
    assert 'name="committee" value="宋春华"' in form


@time_machine.travel(NOW, tick=False)
def test_a_change_the_same_day_corrects_instead_of_adding_a_term(world: World, unions: UnionsSetup) -> None:
    UnionOfficer.objects.filter(union=unions.jiachun_union).update(term_start=dt.date(2020, 1, 1))
    _edit(world, unions, chair="李新化")  # a slip, corrected at once
    _edit(world, unions, chair="李新华")
    assert _terms(unions) == [
        ("chair", "宋春华", dt.date(2020, 1, 1), dt.date(2024, 5, 31)),
        ("chair", "李新华", dt.date(2024, 6, 1), None),
    ]


@time_machine.travel(NOW, tick=False)
def test_a_change_before_a_term_began_or_in_the_future_is_refused(world: World, unions: UnionsSetup) -> None:
    UnionOfficer.objects.filter(union=unions.jiachun_union).update(term_start=dt.date(2020, 1, 1))
    with pytest.raises(ValidationError) as e:
        _edit(world, unions, chair="李新华", officers_from=dt.date(2019, 12, 1))
    assert "officers_from" in e.value.message_dict
    with pytest.raises(DomainError) as d:
        _edit(world, unions, chair="李新华", officers_from=dt.date(2024, 6, 2))
    assert d.value.code == "future_term"
    assert _terms(unions) == [("chair", "宋春华", dt.date(2020, 1, 1), None)]


def test_the_database_refuses_a_term_ending_before_it_starts(unions: UnionsSetup) -> None:
    officer = UnionOfficer.objects.get(union=unions.jiachun_union)
    with pytest.raises(IntegrityError), transaction.atomic():
        UnionOfficer.objects.filter(pk=officer.pk).update(term_start=dt.date(2024, 1, 2), term_end=dt.date(2024, 1, 1))
    # One open chair term per union; an ended one may sit beside it.
    with pytest.raises(IntegrityError), transaction.atomic():
        UnionOfficer.objects.create(
            subdistrict=unions.jiachun_union.subdistrict, union=unions.jiachun_union, post="chair", name="李新华"
        )
    UnionOfficer.objects.filter(pk=officer.pk).update(term_start=dt.date(2020, 1, 1), term_end=dt.date(2023, 12, 31))
    UnionOfficer.objects.create(
        subdistrict=unions.jiachun_union.subdistrict, union=unions.jiachun_union, post="chair", name="李新华"
    )
