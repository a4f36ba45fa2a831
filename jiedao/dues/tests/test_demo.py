"""The dues demo: the 2019 shortlist's top seven are the seven commended at the 2020
joint meeting, and the meeting's 表彰 item was made from it."""

import pytest

from jiedao.accounts.actor import actor_for
from jiedao.accounts.models import User
from jiedao.demo import loader
from jiedao.demo.loader import DemoContext, load_demo
from jiedao.dues.access import assessments_visible_to
from jiedao.dues.demo_steps import COMMENDED, commended_names
from jiedao.dues.models import ArrearsStep, DuesAssessment, Statement
from jiedao.dues.selectors import shortlist
from jiedao.meetings.demo_steps import MEETING_2020
from jiedao.meetings.models import Commendation

# The steps this programme's demo rests on (the other programmes' steps are tested
# with the whole demo in jiedao/demo).
STEPS = {"areas", "units", "people", "residents", "accounts", "meetings", "dues"}


@pytest.fixture
def demo(db: None, monkeypatch: pytest.MonkeyPatch) -> DemoContext:
    everything = loader.registered_steps
    monkeypatch.setattr(loader, "registered_steps", lambda: [s for s in everything() if s.name in STEPS])
    return load_demo(residents=30)


def test_the_demo_commends_the_2019_shortlist_top_seven(demo: DemoContext) -> None:
    union = actor_for(User.objects.get(username="union"))
    top = [e.unit.name for e in shortlist(assessments_visible_to(union), 2019)[:COMMENDED]]
    commended = Commendation.objects.filter(agenda_item__meeting__activity__title=MEETING_2020)
    assert sorted(top) == sorted(commended_names())
    # The item lists them in the shortlist's order, each with its reasons.
    assert list(commended.order_by("pk").values_list("unit__name", flat=True)) == top
    assert all("按时" in c.reason and "足额" in c.reason for c in commended)
    # Arrears, an escalation and an imported statement.
    assert DuesAssessment.objects.filter(year=2019).count() == DuesAssessment.objects.filter(year=2020).count() == 19
    assert Statement.objects.count() == 1
    steps = set(ArrearsStep.objects.values_list("step", flat=True))
    assert steps == {"reminder", "formal_notice", "payment_order"}
    assert not load_demo(residents=30).created  # loading twice changes nothing
