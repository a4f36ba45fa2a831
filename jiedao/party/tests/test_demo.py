"""The party demo: the newsletter's lectures and 主题党日, the secretary and the 三新
member behind the demo logins, and a 2020 ledger with some members short."""

import pytest

from jiedao.accounts.actor import actor_for
from jiedao.accounts.models import User
from jiedao.activities.models import Attendance
from jiedao.demo.loader import load_demo
from jiedao.party import access, selectors
from jiedao.party.models import Branch, Lecture, PartyMember, StudyEntry

pytestmark = pytest.mark.django_db


def test_the_demo_tells_the_newsletters_story() -> None:
    ctx = load_demo(residents=400)
    sd = ctx.subdistrict.pk
    speakers = set(Lecture.objects.filter(speaker__isnull=False).values_list("speaker__name", flat=True))
    assert speakers == {"乐跃明", "陈懿"}
    theme_day = Lecture.objects.get(kind=Lecture.Kind.THEME_DAY)
    assert theme_day.topic == "浅谈社区" and theme_day.speaker_name == "薛老师"
    assert Attendance.objects.filter(session__activity=theme_day.activity).count() >= 10

    secretary = actor_for(User.objects.get(username="secretary"))
    branch = Branch.objects.get(name="秀苑居民区党总支")
    assert branch.secretary == ctx.people["secretary"]
    others = PartyMember.objects.filter(branch=branch).exclude(person=branch.secretary).count()
    pending = access.entries_to_review(secretary).filter(status=StudyEntry.Status.SUBMITTED)
    assert pending.count() == min(3, others)  # 3 with the default 2000 residents

    sanxin = access.own_member(actor_for(User.objects.get(username="sanxin")))
    assert sanxin is not None and sanxin.category == "new_economic" and sanxin.transferred_in_on is not None
    steps = {s.key: s.done for s in selectors.onboarding([sanxin], subdistrict_id=sd)[0].steps}
    assert steps == {"visit": False, "lecture": True, "service": False}

    members = selectors.members_of_year(PartyMember.objects.filter(subdistrict_id=sd), 2020)
    rows = selectors.ledger(members, year=2020, subdistrict_id=sd)
    short = sum(1 for r in rows if r.shortfall > 0)
    assert 0 < short < len(rows) / 2
    assert selectors.default_year(sd) == 2020

    again = load_demo(residents=400)
    assert not {label for label in again.created if label.startswith("party.")}
