"""The aggregate statistics: small figures suppressed, complementary suppression,
completed months only, the amount recovered only from enough workers."""

import datetime as dt
from decimal import Decimal

import pytest

from jiedao.legalaid.models import CaseStep, LegalAidCase
from jiedao.legalaid.selectors import legal_aid_stats
from jiedao.testing import World, make_person, numbered

NOW = dt.datetime(2026, 6, 15, 2, 0, tzinfo=dt.UTC)
pytestmark = pytest.mark.django_db


def at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(10), tzinfo=dt.UTC)


def step(
    case: LegalAidCase, kind: str, stage: str, on: dt.date, recorded: dt.date | None = None, **extra: object
) -> CaseStep:
    made = CaseStep.objects.create(subdistrict=case.subdistrict, case=case, kind=kind, stage=stage, on=on, **extra)
    CaseStep.objects.filter(pk=made.pk).update(created_at=at(recorded or on))
    return made


def case(
    w: World, n: int, opened_on: dt.date, dispute_type: str, stage: str = "consultation", **extra: object
) -> LegalAidCase:
    """A case opened on ``opened_on`` and, for another ``stage``, moved there the same day."""
    person = make_person(w.liangcheng, numbered("职工", n))
    made = LegalAidCase.objects.create(
        subdistrict=w.liangcheng,
        person=person,
        channel="desk",
        dispute_type=dispute_type,
        employer_name="某公司",
        summary="经过",
        knew_on=opened_on,
        opened_on=opened_on,
        stage_since=opened_on,
        stage=stage,
        limitation_rule="knew",
        **extra,
    )
    step(made, "opened", "consultation", opened_on)
    if stage != "consultation":
        step(made, "stage", stage, opened_on, amount=extra.get("amount_recovered"))
    return made


def test_small_figures_are_suppressed_and_cannot_be_recovered(world: World) -> None:
    for n in range(6):
        case(world, n, dt.date(2026, 3, 2), "wage_arrears")
    for n in range(6, 8):
        case(world, n, dt.date(2026, 4, 2), "dismissal")
    for n in range(8, 14):
        case(world, n, dt.date(2026, 5, 2), "work_injury", stage="closed", amount_recovered=Decimal("1000.50"))
    case(world, 20, dt.date(2026, 6, 2), "overtime")  # this month: not published yet
    data = legal_aid_stats(subdistrict_id=world.liangcheng.pk, year=2026, now=NOW)
    months = {m["key"]: m for m in data["months"]}
    assert list(months) == ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05"]
    assert months["2026-04"]["suppressed"] and months["2026-04"]["value"] is None
    # April alone would follow from the total: the smallest other non-zero month goes too.
    assert months["2026-03"]["suppressed"] or months["2026-05"]["suppressed"]
    assert months["2026-01"] == {"key": "2026-01", "label": "2026-01", "value": 0, "suppressed": False}
    types = {t["key"]: t for t in data["types"]}
    assert types["dismissal"]["suppressed"] and types["overtime"]["value"] == 0
    assert data["cases"]["value"] == 14
    assert data["amount_recovered"] == "6003.00" and not data["amount_recovered_suppressed"]


def test_an_amount_from_few_workers_is_not_published(world: World) -> None:
    for n in range(2):
        case(world, n, dt.date(2026, 2, 2), "wage_arrears", stage="closed", amount_recovered=Decimal("800.00"))
    data = legal_aid_stats(subdistrict_id=world.liangcheng.pk, year=2026, now=NOW)
    assert data["amount_recovered"] is None and data["amount_recovered_suppressed"]
    assert data["cases"]["suppressed"]


def test_figures_stand_as_of_the_end_of_the_last_completed_month(world: World) -> None:
    """Published in June: the stages and amounts as recorded by 31 May. A closing of
    1 June, or one dated 28 May but recorded on 2 June, shows from July on, so two
    days' figures in June cannot be subtracted to read one worker's settlement."""
    cases = [case(world, n, dt.date(2026, 3, 2), "wage_arrears", stage="accepted") for n in range(6)]
    step(cases[0], "stage", "closed", dt.date(2026, 6, 1), amount=Decimal("5000.00"))
    step(cases[1], "stage", "closed", dt.date(2026, 5, 28), recorded=dt.date(2026, 6, 2), amount=Decimal("7000.00"))
    for n in range(2, 6):
        step(cases[n], "stage", "closed", dt.date(2026, 5, 20), amount=Decimal("1000.00"))
    june = legal_aid_stats(subdistrict_id=world.liangcheng.pk, year=2026, now=NOW)
    again = legal_aid_stats(subdistrict_id=world.liangcheng.pk, year=2026, now=NOW + dt.timedelta(days=10))
    assert june == again and june["as_of"] == dt.date(2026, 5, 31)
    stages = {c["key"]: c for c in june["stages"]}
    assert stages["closed"]["value"] is None and stages["accepted"]["suppressed"]  # 4 and 2 workers: "<5"
    assert june["amount_recovered"] is None  # 4 workers
    july = legal_aid_stats(subdistrict_id=world.liangcheng.pk, year=2026, now=NOW + dt.timedelta(days=20))
    assert {c["key"]: c["value"] for c in july["stages"]}["closed"] == 6
    assert july["amount_recovered"] == "16000.00"
