"""The aggregate statistics: small figures suppressed, complementary suppression,
completed months only, the amount recovered only from enough workers."""

import datetime as dt
from decimal import Decimal

import pytest

from jiedao.legalaid.models import LegalAidCase
from jiedao.legalaid.selectors import legal_aid_stats
from jiedao.testing import World, make_person, numbered

NOW = dt.datetime(2026, 6, 15, 2, 0, tzinfo=dt.UTC)
pytestmark = pytest.mark.django_db


def case(w: World, n: int, opened_on: dt.date, dispute_type: str, **extra: object) -> LegalAidCase:
    person = make_person(w.liangcheng, numbered("职工", n))
    return LegalAidCase.objects.create(
        subdistrict=w.liangcheng,
        person=person,
        channel="desk",
        dispute_type=dispute_type,
        employer_name="某公司",
        summary="经过",
        knew_on=opened_on,
        opened_on=opened_on,
        stage_since=opened_on,
        limitation_rule="knew",
        **extra,
    )


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
