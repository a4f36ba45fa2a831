"""The demo step: cases at every stage, one close to its deadline, the worker's own,
the handler's caseload; once."""

import datetime as dt

import pytest
import time_machine

from jiedao.demo.loader import DemoContext
from jiedao.legalaid import clock
from jiedao.legalaid.demo_steps import CASES, load_legal_aid
from jiedao.legalaid.models import LegalAidCase
from jiedao.legalaid.services import is_overdue
from jiedao.testing import World, make_person, numbered

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2028, 3, 1, 2, 0, tzinfo=dt.UTC)  # a year after a 29 February


@time_machine.travel(NOW, tick=False)
def test_the_demo_cases_and_only_once(world: World) -> None:
    for n in range(len(CASES)):
        make_person(world.liangcheng, numbered("演示职工", n), employer=world.gongzhi)
    ctx = DemoContext(subdistrict=world.liangcheng)
    ctx.people = {"worker": world.people["worker"]}
    ctx.users = {key: world.users[key] for key in ("handler", "legalsup", "labour")}
    load_legal_aid(ctx)
    cases = list(LegalAidCase.objects.order_by("pk"))
    assert ctx.created["legalaid.legalaidcase"] == len(CASES) == len(cases)
    today = dt.date(2028, 3, 1)
    assert cases[0].person == world.people["worker"] and cases[0].limitation_deadline is None
    assert is_overdue(cases[0], today)
    assert {c.stage for c in cases} >= {"consultation", "accepted", "mediation", "arbitration", "closed", "rejected"}
    close = cases[1]
    assert close.limitation_deadline is not None
    assert clock.alert(close.limitation_deadline, today) == clock.Alert.URGENT
    assert all(c.handler == world.users["handler"] for c in cases if c.stage != "consultation")
    again = DemoContext(subdistrict=world.liangcheng)
    load_legal_aid(again)
    assert not again.created
