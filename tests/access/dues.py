"""Access rows of the dues ledger (``jiedao/dues``).

The union federation runs it; the sub-district admin reads every page but changes
nothing (the role gate refuses, 403); an enterprise union chair opens the ledger and
sees their own unit's assessments only (嘉春; 共志's row is not found, 404); the other
sub-district's admin passes the readers' gates but finds nothing of 凉城. Nobody else
passes a gate.
"""

import itertools
from decimal import Decimal
from typing import Any

from jiedao.dues import services
from jiedao.dues.tests.conftest import dues_of
from jiedao.meetings.tests.helpers import meeting_world
from jiedao.testing import World, make_unit
from tests.access.common import Case, Target

FEDERATION = {"union"}
READERS = {"union", "admin"}
READERS_ANYWHERE = READERS | {"other_admin"}
LEDGER_GATE = READERS_ANYWHERE | {"jiachun"}
GONGZHI = "上海共志通信信息技术发展有限公司"


def with_dues(w: World) -> dict[str, Any]:
    dues_of(w)
    return {}


def gongzhi_2019(w: World) -> dict[str, Any]:
    return {"pk": dues_of(w).gongzhi_2019.pk}


def jiachun_2019(w: World) -> dict[str, Any]:
    return {"pk": dues_of(w).jiachun_2019.pk}


def year_2019(w: World) -> dict[str, Any]:
    return {"year": 2019}


def commend(w: World) -> dict[str, Any]:
    return {
        "year": 2019,
        "meeting": meeting_world(w).meeting.pk,
        "units": [w.jiachun.pk],
        "title": "表彰2019年度交纳经费突出单位",
        "award": "2019年度交纳经费突出单位",
    }


def leak_gongzhi(w: World) -> str:
    return GONGZHI


_n = itertools.count()
_letters = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥"


def _fresh(w: World, *, paid: bool) -> dict[str, Any]:
    """A fresh assessment (with one payment when ``paid``) for a row that voids it."""
    i = next(_n)
    name = f"上海作废{_letters[i % 22]}{_letters[i // 22 % 22]}有限公司"
    d = dues_of(w)
    a = services.assessment_create(
        actor=d.union, unit=make_unit(w.liangcheng, name), year=2019, payroll_base=Decimal(1000), channel="tax"
    )
    if not paid:
        return {"pk": a.pk}
    p = services.payment_add(actor=d.union, assessment=a, paid_on=d.jiachun_2019.due_on, amount=Decimal(1))
    return {"pk": a.pk, "payment": p.pk}


def reason(w: World) -> dict[str, Any]:
    return {"void-reason": "录错", "reason": "录错"}


PAGES = {
    "dues:index": Case(targets=[Target(LEDGER_GATE, with_dues, data=year_2019, leak=leak_gongzhi, sees=READERS)]),
    "dues:assessment": Case(
        targets=[
            Target(READERS, gongzhi_2019, leak=leak_gongzhi),
            Target(READERS | {"jiachun"}, jiachun_2019),
        ],
        gate=LEDGER_GATE,
    ),
    "dues:assessment_create": Case(targets=[Target(FEDERATION)]),
    "dues:assessment_edit": Case(targets=[Target(FEDERATION, gongzhi_2019)]),
    "dues:payment_add": Case(
        "post",
        [
            Target(
                FEDERATION,
                gongzhi_2019,
                data=lambda w: {"payment-paid_on": "2019-07-01", "payment-amount": "1.00", "payment-channel": "tax"},
                status=302,
            )
        ],
    ),
    "dues:step_add": Case(
        "post",
        [
            Target(
                FEDERATION,
                gongzhi_2019,
                data=lambda w: {"step-step": "reminder", "step-taken_on": "2020-02-01"},
                status=302,
            )
        ],
    ),
    "dues:assessment_void": Case(
        "post", [Target(FEDERATION, lambda w: _fresh(w, paid=False), data=reason, status=302)]
    ),
    "dues:payment_void": Case("post", [Target(FEDERATION, lambda w: _fresh(w, paid=True), data=reason, status=302)]),
    "dues:text_reminder": Case("post", [Target(FEDERATION, gongzhi_2019, status=302)]),
    "dues:statement_import": Case(targets=[Target(FEDERATION)]),
    "dues:statement_template": Case(targets=[Target(FEDERATION)]),
    "dues:arrears": Case(targets=[Target(READERS_ANYWHERE, with_dues, leak=leak_gongzhi, sees=READERS)]),
    "dues:shortlist": Case(
        targets=[Target(READERS_ANYWHERE, with_dues, data=year_2019, leak=lambda w: w.jiachun.name, sees=READERS)]
    ),
    "dues:commend": Case("post", [Target(FEDERATION, with_dues, data=commend, status=302)]),
    "dues:settings": Case(targets=[Target(READERS_ANYWHERE, with_dues)]),
    "dues:year_set": Case(targets=[Target(FEDERATION)]),
    "dues:split_set": Case(targets=[Target(FEDERATION)]),
    "dues:schedule": Case(targets=[Target(FEDERATION)]),
    "dues:statistics": Case(targets=[Target(READERS_ANYWHERE, with_dues, data=year_2019)]),
}

API: dict[tuple[str, str], Case] = {
    ("GET", "/dues/assessments"): Case(targets=[Target(LEDGER_GATE, with_dues)]),
    # Without a file the federation gets 400 (nothing to import); everyone else the gate's 403.
    ("POST", "/dues/statements"): Case("post", [Target(FEDERATION, with_dues, data=lambda w: {}, status=400)]),
    ("GET", "/dues/shortlist"): Case(targets=[Target(READERS_ANYWHERE, with_dues)]),
}
