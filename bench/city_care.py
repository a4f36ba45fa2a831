"""The city district's counselling and legal-aid records (``bench/city_dataset.py``)."""

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from city_base import (
    CERTIFICATE_ALPHABET,
    COUNSELLING_RETENTION,
    LEGAL_AID_CASES,
    SESSIONS_PER_CLIENT,
    STUDIO_HOURS,
    copy_rows,
)


class CareRecords:
    """畅心屋 and 职工法律援助: mixed into ``city_dataset.City``, on ``city_base.CityBase``."""

    # ---------------------------------------------------------------- counselling (畅心屋)

    def counselling(self, tenants: list[int], people: dict[int, list[int]]) -> int:
        """Per sub-district a studio with a room, three counsellors (people of the roster) with
        their weekly hours (``STUDIO_HOURS``), and the slots those hours gave over the years."""
        from jiedao.core.holidays import calendar_between
        from jiedao.counselling.models import AvailabilityRule, Counsellor, Room, Slot, Studio

        made = copy_rows(
            Studio,
            (
                {
                    "subdistrict_id": t,
                    "name": "畅心屋",
                    "address": "党群服务中心二楼",
                    "retention_days": COUNSELLING_RETENTION,
                }
                for t in tenants
            ),
        )
        studios = self._ids(Studio, tenants)
        made += copy_rows(
            Room, ({"subdistrict_id": t, "studio_id": studios[t][0], "name": "咨询室一"} for t in tenants)
        )
        rooms = self._ids(Room, tenants)
        made += copy_rows(
            Counsellor,
            (
                {
                    "subdistrict_id": t,
                    "person_id": person_id,
                    "qualification": "国家二级心理咨询师",
                    "certificate_number": f"XL{person_id:010d}",
                }
                for t in tenants
                for person_id in self.rng.sample(people[t], k=min(3, len(people[t])))
            ),
        )
        counsellors = self._ids(Counsellor, tenants)
        made += copy_rows(
            Counsellor.studios.through,
            ({"counsellor_id": c, "studio_id": studios[t][0]} for t in tenants for c in counsellors[t]),
        )
        opened = self.day(self.start)
        made += copy_rows(
            AvailabilityRule,
            (
                {
                    "subdistrict_id": t,
                    "counsellor_id": counsellors[t][c % len(counsellors[t])],
                    "room_id": rooms[t][0],
                    "weekday": weekday,
                    "start_time": begin,
                    "end_time": end,
                    "valid_from": opened,
                }
                for t in tenants
                for c, weekday, begin, end in STUDIO_HOURS
            ),
        )
        # Read before the COPY starts (the national calendar is a table too).
        calendar = calendar_between(opened, self.today + dt.timedelta(days=28))
        return made + copy_rows(Slot, self._slots(tenants, counsellors, rooms, calendar))

    def _slots(
        self, tenants: list[int], counsellors: dict[int, list[int]], rooms: dict[int, list[int]], calendar: dict
    ) -> Iterator[dict[str, Any]]:
        """What ``slots.generate_slots`` made day after day up to the horizon (28 days): the
        weekly hours cut into sessions, none on a statutory holiday or a make-up workday (the
        studios do not open on those). Below scale 1 a share of them, so that the count scales
        while the slots still span the five years."""
        from jiedao.counselling.services.slots import cut

        for t in tenants:
            for day, info in calendar.items():
                if info.is_holiday or info.is_makeup_workday:
                    continue
                for c, weekday, begin, end in STUDIO_HOURS:
                    if weekday != day.weekday():
                        continue
                    for starts, ends in cut(day, begin, end, 50, 10):
                        if self.scale >= 1 or self.rng.random() < self.scale:
                            yield {
                                "subdistrict_id": t,
                                "counsellor_id": counsellors[t][c % len(counsellors[t])],
                                "room_id": rooms[t][0],
                                "starts_at": starts,
                                "ends_at": ends,
                            }

    def appointments(self, tenants: list[int], people: dict[int, list[int]]) -> int:
        """Three past slots in four booked, two future ones in five, by a pool of clients
        (about five sessions each) under the studio's rules: one active appointment a week per
        person, never with oneself as counsellor, booked 12 hours to 28 days ahead. Past ones
        are attended, missed or were cancelled; those older than the retention period are
        unlinked as ``retention.purge_expired_records`` leaves them. Each client's consent
        (单独同意) precedes their first booking."""
        from jiedao.counselling import consent
        from jiedao.counselling.models import Appointment, Consent, Counsellor, Slot, person_key

        slots = self._rows(Slot, tenants, ("pk", "counsellor_id", "starts_at", "ends_at"))
        own = {p for rows in self._rows(Counsellor, tenants, ("person_id",)).values() for (p,) in rows}
        purged_before = self.now - dt.timedelta(days=COUNSELLING_RETENTION)
        first_booked: dict[int, tuple[int, dt.datetime]] = {}

        def rows() -> Iterator[dict[str, Any]]:
            for t in tenants:
                crowd = [p for p in people[t] if p not in own]
                size = max(2, len(slots[t]) * 3 // 4 // SESSIONS_PER_CLIENT)
                clients = self.rng.sample(crowd, k=min(len(crowd), size))
                busy: set[tuple[int, int, int]] = set()  # (person, ISO year, week) holding an active one
                for slot_id, counsellor_id, starts, ends in slots[t]:
                    past = starts < self.now
                    if self.rng.random() >= (0.75 if past else 0.4):
                        continue
                    if starts < self.now - dt.timedelta(days=3):  # marked by the counsellor since
                        status = self.rng.choices(("attended", "no_show", "cancelled"), weights=(81, 7, 12))[0]
                    else:
                        status = "cancelled" if self.rng.random() < 0.1 else "booked"
                    year, week, _ = self.day(starts).isocalendar()
                    candidates = self.rng.choices(clients, k=5)
                    person = next((p for p in candidates if status == "cancelled" or (p, year, week) not in busy), None)
                    if person is None:
                        continue
                    if status != "cancelled":
                        busy.add((person, year, week))
                    booked = self.between(
                        starts - dt.timedelta(days=28), min(self.now, starts - dt.timedelta(hours=12))
                    )
                    if person not in first_booked or booked < first_booked[person][1]:
                        first_booked[person] = (t, booked)
                    anonymous = self.rng.random() < 0.1
                    row = {
                        "subdistrict_id": t,
                        "slot_id": slot_id,
                        "person_id": person,
                        "counsellor_id": counsellor_id,
                        "starts_at": starts,
                        "ends_at": ends,
                        "status": status,
                        "is_anonymous": anonymous,
                        "pseudonym": "来访者" + "".join(self.rng.choices(CERTIFICATE_ALPHABET, k=4))
                        if anonymous
                        else "",
                        "booked_at": booked,
                    }
                    if status == "cancelled":  # by the client, before the cut-off (4 hours)
                        row["cancelled_at"] = self.between(booked, min(self.now, starts - dt.timedelta(hours=4)))
                    if ends < purged_before:
                        row |= {"person_id": None, "person_key": person_key(person), "pseudonym": ""}
                    yield row

        made = copy_rows(Appointment, rows())
        text = consent.text_of(consent.CURRENT_VERSION)
        return made + copy_rows(
            Consent,
            (
                {
                    "subdistrict_id": t,
                    "person_id": person,
                    "version": consent.CURRENT_VERSION,
                    "text": text,
                    "agreed_at": booked - dt.timedelta(minutes=self.rng.randrange(1, 30)),
                }
                for person, (t, booked) in first_booked.items()
            ),
        )

    def session_records(self, tenants: list[int]) -> int:
        """The counsellor's record of every attended appointment still linked (the purge
        deleted the older ones'), written within two days; a referral beside each
        high-risk record (the service refuses one without)."""
        from jiedao.counselling.models import Appointment, Referral, RiskLevel, SessionRecord, Topic

        attended = self._rows(Appointment, tenants, ("pk", "ends_at"), status="attended", person__isnull=False)
        topics, risks = list(Topic.values), list(RiskLevel.values)

        def rows() -> Iterator[dict[str, Any]]:
            for t, found in attended.items():
                for appointment_id, ends in found:
                    written = min(self.now, ends + dt.timedelta(minutes=self.rng.randrange(10, 2880)))
                    chosen = set(self.rng.sample(topics, k=self.rng.choice((1, 1, 2))))
                    yield {
                        "subdistrict_id": t,
                        "appointment_id": appointment_id,
                        "notes": "基准咨询记录：来访者谈及近期的困扰，约定下次继续。",
                        "topics": ",".join(v for v in topics if v in chosen),  # in the order of ``Topic``
                        "risk_level": self.rng.choices(risks, weights=(70, 20, 8, 2))[0],
                        "created_at": written,
                        "updated_at": written,
                    }

        made = copy_rows(SessionRecord, rows())
        high = self._rows(SessionRecord, tenants, ("pk", "created_at"), risk_level=RiskLevel.HIGH)
        return made + copy_rows(
            Referral,
            (
                {
                    "subdistrict_id": t,
                    "record_id": record_id,
                    "referred_to": "区精神卫生中心",
                    "referred_at": written,
                    "reason": "基准转介原因：存在危及自身安全的风险。",
                    "created_at": written,
                }
                for t, found in high.items()
                for record_id, written in found
            ),
        )

    # ---------------------------------------------------------------- legal aid (职工法律援助)

    def legal_aid(self, tenants: list[int]) -> int:
        """Cases of workers (``is_worker``) opened over the five years, moved along the stages
        ``services.cases.NEXT_STAGES`` allows at the pace of ``STAGE_DAYS``, with notes and
        interruptions of the limitation period; the deadline kept on the row by ``clock``. Cases
        final for longer than the retention period are purged as ``retention`` leaves them."""
        from jiedao.legalaid.models import CaseStep, LegalAidCase
        from jiedao.org.models import Unit
        from jiedao.people.models import Person

        workers = self._rows(Person, tenants, ("pk", "employer_id"), is_worker=True)
        names = dict(Unit.objects.filter(subdistrict_id__in=tenants).values_list("pk", "name"))
        per = max(1, self.n(LEGAL_AID_CASES) // len(tenants))
        plans = [(t, *self._case(t, *self.rng.choice(workers[t]), names)) for t in tenants for _ in range(per)]
        made = copy_rows(LegalAidCase, (case for _t, case, _steps in plans))
        ids = self._ids(LegalAidCase, tenants)
        cases = [pk for t in tenants for pk in ids[t]]
        return made + copy_rows(
            CaseStep,
            (
                step | {"subdistrict_id": t, "case_id": case_id}
                for case_id, (t, _case, steps) in zip(cases, plans, strict=True)
                for step in steps
            ),
        )

    def _case(
        self, tenant: int, person: int, employer: int | None, names: dict[int, str]
    ) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        """One case of ``person`` and its steps, as ``services.cases`` would have left them by now."""
        from jiedao.legalaid import clock
        from jiedao.legalaid.models import DisputeType, person_key
        from jiedao.legalaid.services.cases import NEXT_STAGES, STAGE_DAYS, default_due
        from jiedao.legalaid.services.retention import retention_days

        # Where a stage leads, as often as the desk sees it (NEXT_STAGES order).
        odds = {
            "consultation": (85, 15),
            "accepted": (45, 25, 30),
            "mediation": (30, 70),
            "arbitration": (15, 85),
            "litigation": (1,),
        }
        opened = self.day(self.between(self.start, self.now - dt.timedelta(days=1)))
        dispute = self.rng.choice(DisputeType.values)
        knew = opened - dt.timedelta(days=self.rng.randrange(240))
        ended = None
        if dispute in ("wage_arrears", "dismissal") and self.rng.random() < 0.7:
            ended = opened - dt.timedelta(days=self.rng.randrange(120))
        stage, since, due = "consultation", opened, default_due("consultation", opened)
        steps = [
            {
                "kind": "opened",
                "stage": stage,
                "on": opened,
                "due_on": due,
                "created_at": self.local(opened, dt.time(10)),
            }
        ]
        interruptions: list[dt.date] = []
        outcome, amount = "", None
        while stage in odds:
            on = since + dt.timedelta(days=self.rng.randrange(1, 2 * STAGE_DAYS[stage]))
            # A note in the stage, by its due date (a note sets no due date of its own: ``step_add``).
            if self.rng.random() < 0.15:
                noted = since + dt.timedelta(days=self.rng.randrange(max(0, (min(on, due) - since).days) + 1))
                if noted <= self.today:
                    steps.append(
                        {
                            "kind": "note",
                            "stage": stage,
                            "on": noted,
                            "note": "基准进展记录：已联系用人单位。",
                        }
                    )
            if stage in ("accepted", "mediation") and self.rng.random() < 0.1 and since <= self.today:
                interruptions.append(since)  # the worker claimed their rights (中断)
                steps.append(
                    {"kind": "interruption", "stage": stage, "on": since, "note": "基准中断事由：向用人单位主张权利。"}
                )
            if on > self.today:
                break
            stage = str(self.rng.choices(NEXT_STAGES[stage], weights=odds[stage])[0])
            since, due = on, default_due(stage, on)
            step = {"kind": "stage", "stage": stage, "on": on, "due_on": due}
            if stage == "rejected":
                step["note"] = "不予受理：不属于劳动争议。"
            if stage == "closed":
                outcome = "基准结案结果：调解达成协议，用人单位已支付。"
                if dispute != "other":
                    amount = Decimal(self.rng.randrange(100_000, 8_000_000)) / 100
                step |= {"outcome": outcome, "amount": amount}
            steps.append(step)
        for step in steps:
            step.setdefault("created_at", self.local(step["on"], dt.time(16)))
        limitation = clock.limitation(
            dispute_type=dispute, knew_on=knew, employment_ended_on=ended, interruptions=interruptions
        )
        case = {
            "subdistrict_id": tenant,
            "person_id": person,
            "person_key": person_key(person),
            "channel": self.rng.choice(("online", "desk", "phone")),
            "dispute_type": dispute,
            "employer_name": names.get(employer, "") or "基准个体餐饮店",
            "employer_unit_id": employer,
            "summary": "基准案件经过：用人单位拖欠工资，多次协商未果。",
            "knew_on": knew,
            "employment_ended_on": ended,
            "stage": stage,
            "stage_since": since,
            "due_on": due,
            "limitation_deadline": limitation.deadline,
            "limitation_rule": limitation.rule.value,
            "outcome": outcome,
            "amount_recovered": amount,
            "opened_on": opened,
            "created_at": self.local(opened, dt.time(10)),
            "updated_at": max(step["created_at"] for step in steps),
        }
        purge_on = since + dt.timedelta(days=retention_days() + 1)
        if stage in ("closed", "rejected") and purge_on <= self.today:
            case |= {
                "person_id": None,
                "person_key": f"{self.rng.getrandbits(256):064x}",  # the run's random token
                "employer_name": "",
                "employer_unit_id": None,
                "summary": "",
                "outcome": "",
                "knew_on": knew.replace(day=1),
                "employment_ended_on": None,
                "limitation_deadline": None,
                "purged_at": self.local(purge_on, dt.time(2)),
            }
            for step in steps:
                step |= {"note": "", "outcome": ""}
        return case, steps
