"""The city district's union organisations, memberships and dues (``bench/city_dataset.py``)."""

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from city_base import (
    ENTERPRISE_UNIONS,
    JOINT_UNIONS,
    copy_rows,
)


class UnionRecords:
    """Mixed into ``city_dataset.City``, on ``city_base.CityBase``."""

    # ---------------------------------------------------------------- unions and dues

    def unions(self, tenants: list[int], areas: dict[int, list[int]], units: dict[int, list[int]]) -> int:
        """Per sub-district the federation, the joint unions of ``JOINT_UNIONS`` (小二级) and
        enterprise unions of its first units; three in four other units covered by a joint union."""
        from jiedao.org.models import Unit
        from jiedao.unions.models import CoveredUnit, UnionOrganisation

        made = copy_rows(
            UnionOrganisation,
            (
                {
                    "subdistrict_id": t,
                    "name": "街道总工会",
                    "kind": "federation",
                    "founded_on": dt.date(2010, 5, 1),
                    "created_at": self.start,
                }
                for t in tenants
            ),
        )
        federation = {t: ids[0] for t, ids in self._ids(UnionOrganisation, tenants).items()}
        own = {t: units[t][:ENTERPRISE_UNIONS] for t in tenants}
        names = dict(Unit.objects.filter(pk__in=[u for ids in own.values() for u in ids]).values_list("pk", "name"))

        def base() -> Iterator[dict[str, Any]]:
            for t in tenants:
                shared = {"subdistrict_id": t, "parent_id": federation[t], "created_at": self.start}
                for i, (name, basis) in enumerate(JOINT_UNIONS):
                    yield shared | {
                        "name": name,
                        "kind": "joint",
                        "basis": basis,
                        "residential_area_id": areas[t][i % len(areas[t])] if basis == "area" else None,
                        "basis_detail": {"building": "基准商务大厦", "industry": "快递物流"}.get(basis, ""),
                        "founded_on": dt.date(2018, 3, 1) + dt.timedelta(days=self.rng.randrange(700)),
                    }
                for unit_id in own[t]:
                    yield shared | {
                        "name": f"{names[unit_id]}工会",
                        "kind": "enterprise",
                        "unit_id": unit_id,
                        "founded_on": dt.date(2012, 1, 1) + dt.timedelta(days=self.rng.randrange(3000)),
                    }

        made += copy_rows(UnionOrganisation, base())
        joint = self._ids(UnionOrganisation, tenants, kind="joint")
        return made + copy_rows(
            CoveredUnit,
            (
                {
                    "subdistrict_id": t,
                    "union_id": self.rng.choice(joint[t]),
                    "unit_id": unit_id,
                    "since": dt.date(2019, 1, 1) + dt.timedelta(days=self.rng.randrange(1000)),
                }
                for t in tenants
                for unit_id in units[t][ENTERPRISE_UNIONS:]
                if self.rng.random() < 0.75
            ),
        )

    def memberships(self, tenants: list[int]) -> int:
        """Every union member of the roster (``is_union_member``) holds a current membership of
        the union of their employer (its own, else the joint union covering it, else any joint
        union): most from the roster imported in the platform's first month, one in ten applied
        for and approved since, and about one in seven after a transfer (``previous``). Two in
        five other workers have a spell that ended (left), was rejected or is pending. Every
        step is a ``MembershipEvent``, as ``services.membership`` writes them."""
        from django.db.models import Q

        from jiedao.people.models import Person
        from jiedao.unions.models import CoveredUnit, Membership, MembershipEvent, UnionOrganisation

        unions = self._rows(UnionOrganisation, tenants, ("pk", "kind", "unit_id"), kind__in=("joint", "enterprise"))
        union_of = {unit: pk for rows in unions.values() for pk, kind, unit in rows if kind == "enterprise"}
        union_of |= dict(CoveredUnit.objects.filter(subdistrict_id__in=tenants).values_list("unit_id", "union_id"))
        workers = self._rows(
            Person, tenants, ("pk", "employer_id", "is_union_member"), Q(is_worker=True) | Q(is_union_member=True)
        )
        moves: dict[int, tuple[int, int, int | None, str, dt.date]] = {}  # person → the spell after a transfer

        def spells() -> Iterator[dict[str, Any]]:
            for t in tenants:
                bases = [pk for pk, _kind, _unit in unions[t]]
                imported = self.start + dt.timedelta(days=t % 30, hours=2)
                for person, employer, member in workers[t]:
                    chance = self.rng.random()
                    if member:
                        status = "active"
                    elif chance < 0.4:
                        status = ("left", "left", "rejected", "pending_union", "pending_federation")[int(chance * 12.5)]
                    else:
                        continue
                    union = union_of.get(employer) or self.rng.choice(bases)
                    row = {"subdistrict_id": t, "person_id": person, "union_id": union, "employer_id": employer}
                    if status in ("active", "left") and self.rng.random() >= 0.1:  # on the imported roster
                        joined = dt.date(1995, 1, 1) + dt.timedelta(days=self.rng.randrange(9000))
                        row["created_at"] = imported + dt.timedelta(seconds=self.rng.randrange(3600))
                    else:
                        if status.startswith("pending"):
                            applied = self.between(self.now - dt.timedelta(days=14), self.now - dt.timedelta(days=2))
                        else:
                            applied = self.between(self.start + dt.timedelta(days=60), self.now - dt.timedelta(days=30))
                        row |= {"applied_at": applied, "created_at": applied}
                        joined = self.day(applied + dt.timedelta(days=self.rng.randrange(2, 15)))
                    if status in ("active", "left"):
                        card = self.number("GH", joined.year)
                        row |= {"card_number": card, "joined_on": joined}
                        since = max(joined, self.day(row["created_at"]))
                        ended = since + dt.timedelta(days=self.rng.randrange(1, max(2, (self.today - since).days)))
                        if status == "left":
                            row |= {"ended_on": ended, "note": "调离本街道"}
                        elif self.rng.random() < 0.15:
                            status = "transferred"
                            row |= {"ended_on": ended, "note": "转会"}
                            other = self.rng.choice([u for u in bases if u != union] or bases)
                            moves[person] = (t, other, employer, card, ended)
                    if status == "rejected":
                        row["note"] = "未提供劳动关系证明"
                    yield row | {"status": status}

        made = copy_rows(Membership, spells())
        previous = dict(
            Membership.objects.filter(subdistrict_id__in=tenants, status="transferred").values_list("person_id", "pk")
        )
        made += copy_rows(
            Membership,
            (
                {
                    "subdistrict_id": t,
                    "person_id": person,
                    "union_id": union,
                    "employer_id": employer,
                    "status": "active",
                    "card_number": card,  # kept across the transfer
                    "joined_on": day,
                    "previous_id": previous[person],
                    "created_at": self.local(day, dt.time(10)),
                }
                for person, (t, union, employer, card, day) in moves.items()
            ),
        )
        found = self._rows(
            Membership, tenants, ("pk", "status", "applied_at", "joined_on", "ended_on", "previous_id", "created_at")
        )

        def events() -> Iterator[dict[str, Any]]:
            for t, rows in found.items():
                for pk, status, applied, joined, ended, previous_id, created in rows:
                    event = {"subdistrict_id": t, "membership_id": pk}
                    if previous_id is not None:
                        yield event | {"kind": "transferred_in", "at": created}
                    elif applied is None:
                        yield event | {"kind": "imported", "at": created}
                    else:
                        yield event | {"kind": "applied", "at": applied}
                        if status == "rejected":
                            yield event | {
                                "kind": "rejected",
                                "at": applied + dt.timedelta(days=3),
                                "note": "未提供劳动关系证明",
                            }
                        elif status != "pending_union":
                            yield event | {"kind": "union_approved", "at": applied + dt.timedelta(days=1)}
                        if joined is not None:
                            yield event | {"kind": "federation_approved", "at": self.local(joined, dt.time(10))}
                    if status == "transferred":
                        yield event | {"kind": "transferred_out", "at": self.local(ended, dt.time(10))}
                    elif status == "left":
                        yield event | {"kind": "left", "at": self.local(ended, dt.time(10)), "note": "调离本街道"}

        return made + copy_rows(MembershipEvent, events())

    def dues(self, tenants: list[int]) -> int:
        """Every enterprise assessed each full year at 2 % of its payroll (工会筹备金 where no
        union covers it), in yuan to the fen: through the tax bureau in four quarterly
        instalments (three in four) or by one or two transfers; one in twenty pays nothing,
        one in fourteen short. Rates, due dates and splits as the demo's."""
        from jiedao.core.numbers import to_fen
        from jiedao.dues.models import DuesAssessment, DuesPayment, DuesSplit, DuesYear
        from jiedao.dues.money import assessed_amount
        from jiedao.org.models import Unit
        from jiedao.unions.models import CoveredUnit, UnionOrganisation

        years = range(self.start.year + 1, self.now.year + 1)
        rate = Decimal("0.0200")
        made = copy_rows(
            DuesYear,
            (
                {"subdistrict_id": t, "year": y, "rate": rate, "due_on": dt.date(y, 12, 31)}
                for t in tenants
                for y in years
            ),
        )
        splits = {"tax": (6000, 1000, 1500, 1500), "transfer": (6000, 1200, 1400, 1400)}  # basis points
        made += copy_rows(
            DuesSplit,
            (
                {"subdistrict_id": t, "year": y, "channel": c} | dict(zip(DuesSplit.LEVELS, shares, strict=True))
                for t in tenants
                for y in years
                for c, shares in splits.items()
            ),
        )
        enterprises = self._rows(Unit, tenants, ("pk", "headcount"), kind=Unit.Kind.ENTERPRISE)
        unionised = set(CoveredUnit.objects.filter(subdistrict_id__in=tenants).values_list("unit_id", flat=True))
        unionised |= set(
            UnionOrganisation.objects.filter(subdistrict_id__in=tenants, kind="enterprise").values_list(
                "unit_id", flat=True
            )
        )

        def assessments() -> Iterator[dict[str, Any]]:
            for t, found in enterprises.items():
                for unit_id, headcount in found:
                    channel = "tax" if self.rng.random() < 0.75 else "transfer"
                    wage = Decimal(80_000 + self.rng.randrange(60_000)) + Decimal(self.rng.randrange(100)) / 100
                    for y in years:
                        base = to_fen(wage * headcount * Decimal("1.04") ** (y - years[0]))
                        yield {
                            "subdistrict_id": t,
                            "unit_id": unit_id,
                            "year": y,
                            "kind": "dues" if unit_id in unionised else "preparatory",
                            "channel": channel,
                            "payroll_base": base,
                            "rate": rate,
                            "assessed": assessed_amount(base, rate),
                            "due_on": dt.date(y, 12, 31),
                            "contact_name": "财务负责人",
                            "contact_email": f"finance{unit_id}@example.com",
                            "contact_phone": f"139{unit_id % 10**8:08d}",
                            "created_at": self.local(
                                dt.date(y, 1, 5) + dt.timedelta(days=self.rng.randrange(60)), dt.time(10)
                            ),
                        }

        made += copy_rows(DuesAssessment, assessments())
        assessed = self._rows(DuesAssessment, tenants, ("pk", "unit_id", "year", "channel", "assessed"))

        def payments() -> Iterator[dict[str, Any]]:
            for t, found in assessed.items():
                for assessment_id, unit_id, year, channel, amount in found:
                    if channel == "tax":
                        days = [dt.date(year, month, 15) for month in (3, 6, 9, 12)]
                    else:
                        count = self.rng.choice((1, 2))
                        days = sorted(
                            dt.date(year, 1, 2) + dt.timedelta(days=self.rng.randrange(360)) for _ in range(count)
                        )
                    part = to_fen(amount / len(days))
                    parts = [part] * (len(days) - 1) + [amount - part * (len(days) - 1)]  # adding up to the fen
                    chance = self.rng.random()
                    paid = 0 if chance < 0.05 else len(days) - 1 if chance < 0.12 else len(days)
                    for n, (day, value) in enumerate(zip(days[:paid], parts, strict=False)):
                        if day > self.today:
                            break
                        yield {
                            "subdistrict_id": t,
                            "assessment_id": assessment_id,
                            "paid_on": day,
                            "amount": value,
                            "channel": channel,
                            "reference": f"{'SW' if channel == 'tax' else 'ZZ'}{year}{unit_id:08d}{n:02d}",
                            "created_at": self.local(day, dt.time(16)),
                        }

        return made + copy_rows(DuesPayment, payments())
