"""Shared set-up of the dues tests.

``dues_of(world)`` (cached in ``world.extras``) gives the test world a 2019 and a
2020 (rate 2 %, due 31 December), a split for the tax channel, and 2019
assessments of 嘉春 (payroll 1 234 567.25 → 24 691.35, paid in full on 15 March)
and 共志 (payroll 2 000 000.00 → 40 000.00, 10 000.00 paid on 1 June: in arrears).
"""

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

import pytest

from jiedao.accounts.actor import Actor, actor_for
from jiedao.core.spreadsheets.writing import XlsxWriter
from jiedao.dues import services
from jiedao.dues.models import DuesAssessment
from jiedao.dues.services.statements import HEADERS
from jiedao.testing import World


@dataclass
class DuesSetup:
    union: Actor
    jiachun_2019: DuesAssessment
    gongzhi_2019: DuesAssessment


def dues_of(w: World) -> DuesSetup:
    found = w.extras.get("dues")
    if isinstance(found, DuesSetup):
        return found
    union = actor_for(w.users["union"])
    for year in (2019, 2020):
        services.year_set(actor=union, year=year, rate_percent=Decimal(2), due_on=dt.date(year, 12, 31))
    services.split_set(
        actor=union,
        year=2019,
        channel="tax",
        enterprise_union=Decimal(60),
        subdistrict_federation=Decimal(10),
        district_union=Decimal(15),
        city_union=Decimal(15),
    )
    jiachun = services.assessment_create(
        actor=union,
        unit=w.jiachun,
        year=2019,
        payroll_base=Decimal("1234567.25"),
        channel="tax",
        contact_email="finance@jiachun.example",
    )
    gongzhi = services.assessment_create(
        actor=union, unit=w.gongzhi, year=2019, payroll_base=Decimal("2000000.00"), channel="tax"
    )
    services.payment_add(
        actor=union, assessment=jiachun, paid_on=dt.date(2019, 3, 15), amount=jiachun.assessed, reference="JC1"
    )
    services.payment_add(
        actor=union, assessment=gongzhi, paid_on=dt.date(2019, 6, 1), amount=Decimal("10000.00"), reference="GZ1"
    )
    setup = DuesSetup(union, jiachun, gongzhi)
    w.extras["dues"] = setup
    return setup


@pytest.fixture
def dues(world: World) -> DuesSetup:
    return dues_of(world)


def statement(rows: Sequence[Sequence[object]], header: Sequence[str] = HEADERS) -> io.BytesIO:
    """An xlsx statement with ``header`` and ``rows``."""
    book = XlsxWriter()
    sheet = book.sheet("对账单", header=list(header))
    for row in rows:
        sheet.append(list(row))  # type: ignore[arg-type]
    return io.BytesIO(book.content())
