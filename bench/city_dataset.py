"""A city district for the scale benchmarks (issue #13 §2), loaded through PostgreSQL ``COPY``.

    scripts/with-postgres .venv/bin/python bench/city_dataset.py                 # the full district
    scripts/with-postgres .venv/bin/python bench/city_dataset.py --scale 0.01    # a hundredth, to try it
    scripts/with-postgres sh -c '.venv/bin/python bench/city_dataset.py && .venv/bin/python bench/request_path.py'

At ``--scale 1``: 50 sub-districts (a fictional district, codes 310190001…), 1 000 residential
areas, 20 000 units, 1 000 000 people, 100 000 activities with 200 000 sessions over the
last five years, 10 000 000 attendances and 1 000 000 audit entries; and about 2 000 000
rows of the programmes over the same five years, each sub-district's pointing at its own:

- counselling: per sub-district a studio, a room, 3 counsellors and their weekly hours;
  ≈ 200 000 slots (none on holidays), ≈ 147 000 appointments (the oldest year unlinked by
  retention), ≈ 28 000 consents, ≈ 95 000 session records, ≈ 2 000 referrals;
- unions: per sub-district the federation, 4 joint and 5 enterprise unions, ≈ 15 000
  covered units; ≈ 300 000 memberships with ≈ 430 000 membership events (every spell has
  at least one);
- dues: 5 years of rates and splits, 100 000 assessments (one per enterprise and year: the
  database allows no more) and ≈ 295 000 payments;
- volunteering: 5 000 tasks with 25 000 shifts, ≈ 200 000 claims, ≈ 180 000 service records;
- training: per sub-district a school and 4 courses; 5 000 classes (20 000 sessions),
  ≈ 140 000 enrolments;
- legal aid: 20 000 cases with ≈ 83 000 steps (those final for over three years purged).

The volunteers' and trainees' sign-ins add ≈ 600 000 attendances. Every person is
validated and encrypted by the same ``people.services.person_values`` the roster import
uses; other rows go in as prepared values. Repeatable from ``--seed``: the same seed gives
the same rows. The database of ``DATABASE_URL`` must be migrated or empty (it is migrated
first); the district's sub-districts must not exist yet. The demo can be loaded beside it
(``bench/request_path.py`` does), which is how the demo's pages are measured in a database
holding a district. Prints the time of each table and the database size at the end.
"""

import argparse
import datetime as dt
import os
import random
import secrets
import sys
import time
from collections.abc import Iterable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
os.environ.setdefault("JIEDAO_FIELD_KEY", secrets.token_urlsafe(32))

DISTRICT = "310190"  # fictional: no district of Shanghai has this code
SUBDISTRICTS = 50
AREAS_PER_SUBDISTRICT = 20
UNITS = 20_000
PEOPLE = 1_000_000
ACTIVITIES = 100_000
SESSIONS_PER_ACTIVITY = 2
ATTENDANCES = 10_000_000
AUDIT_ENTRIES = 1_000_000
YEARS = 5
# Programmes, at scale 1 (per sub-district where it says so).
STUDIO_HOURS = (  # (counsellor, weekday, from, to): 16 sessions of 50 minutes a week per studio
    (0, 1, dt.time(13, 30), dt.time(17, 30)),
    (1, 3, dt.time(13, 30), dt.time(17, 30)),
    (2, 5, dt.time(9, 0), dt.time(13, 0)),
    (0, 2, dt.time(18, 0), dt.time(22, 0)),
)
COUNSELLING_RETENTION = 4 * 365  # the studios keep records four years: the oldest year is purged
SESSIONS_PER_CLIENT = 5
JOINT_UNIONS = (
    ("第一联合工会", "area"),
    ("第二联合工会", "area"),
    ("楼宇联合工会", "building"),
    ("快递行业联合工会", "industry"),
)
ENTERPRISE_UNIONS = 5  # per sub-district
SERVICE_TASKS = 5_000
SHIFTS_PER_TASK = 5
TRAINING_CLASSES = 5_000
CLASS_SESSIONS = 4  # of three hours: 12 prescribed hours, 9 needed to complete
COURSES = (("干花艺术插花", "special"), ("中式面点", "level5"), ("育婴员", "level5"), ("养老护理员", "level4"))
LEGAL_AID_CASES = 20_000
CERTIFICATE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈乐单"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂兰玉华建国志红跃懿文斌辉鹏宇浩"


def copy_rows(model: Any, rows: Iterable[dict[str, Any]]) -> int:
    """COPY ``rows`` (attribute name → value; missing ones take the field's default) into
    ``model``'s table (``rows`` must not query: the connection is busy with the COPY). Values of encrypted and JSON fields go through the field's own
    preparation, as a save would; the rest are passed as they are."""
    from django.db import connection
    from django.db.models import JSONField

    from jiedao.core.fields import EncryptedTextField

    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    prepared = {f.attname for f in fields if isinstance(f, EncryptedTextField | JSONField)}
    defaults = {f.attname: f.get_default() for f in fields}
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    count = 0
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN") as copy,
    ):
        for row in rows:
            values = defaults | row
            copy.write_row(
                [
                    f.get_db_prep_save(values[f.attname], connection) if f.attname in prepared else values[f.attname]
                    for f in fields
                ]
            )
            count += 1
    return count


class City:
    def __init__(self, scale: float, seed: int) -> None:
        self.rng = random.Random(seed)
        self.scale = scale
        self.now = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
        self.start = self.now - dt.timedelta(days=365 * YEARS)
        self.zone = ZoneInfo("Asia/Shanghai")  # settings.TIME_ZONE: the services' local dates
        self.today = self.day(self.now)
        self.numbers: set[str] = set()

    def n(self, full: int) -> int:
        return max(1, round(full * self.scale))

    def moment(self) -> dt.datetime:
        return self.start + dt.timedelta(seconds=self.rng.randrange(int((self.now - self.start).total_seconds())))

    def between(self, first: dt.datetime, last: dt.datetime) -> dt.datetime:
        return first + dt.timedelta(seconds=self.rng.randrange(max(1, int((last - first).total_seconds()))))

    def day(self, moment: dt.datetime) -> dt.date:
        return moment.astimezone(self.zone).date()

    def local(self, day: dt.date, time: dt.time) -> dt.datetime:
        return dt.datetime.combine(day, time, tzinfo=self.zone)

    def number(self, prefix: str, year: int) -> str:
        """A random certificate-style number (``core.certificates``), never drawn twice."""
        while True:
            number = f"{prefix}{year}-" + "".join(self.rng.choices(CERTIFICATE_ALPHABET, k=10))
            if number not in self.numbers:
                self.numbers.add(number)
                return number

    def subdistricts(self) -> list[int]:
        from jiedao.org.models import Subdistrict

        codes = [f"{DISTRICT}{i:03d}" for i in range(1, SUBDISTRICTS + 1)]
        if Subdistrict.objects.filter(code__in=codes).exists():
            raise SystemExit("The district is loaded already: start from an empty database.")
        Subdistrict.objects.bulk_create(
            Subdistrict(code=code, name=f"基准第{i}街道", district_name="基准区", district_code=DISTRICT)
            for i, code in enumerate(codes, 1)
        )
        return list(Subdistrict.objects.filter(code__in=codes).order_by("code").values_list("pk", flat=True))

    def areas(self, tenants: list[int]) -> dict[int, list[int]]:
        from jiedao.org.models import ResidentialArea

        copy_rows(
            ResidentialArea,
            ({"subdistrict_id": t, "name": f"基准居民区{i}"} for t in tenants for i in range(AREAS_PER_SUBDISTRICT)),
        )
        return self._by_tenant(ResidentialArea, tenants)

    def units(self, tenants: list[int]) -> dict[int, list[int]]:
        from jiedao.core.validators import build_credit_code
        from jiedao.org.models import Unit

        per = max(1, self.n(UNITS) // len(tenants))
        copy_rows(
            Unit,
            (
                {
                    "subdistrict_id": t,
                    "name": f"基准企业{j:04d}号有限公司",
                    "kind": Unit.Kind.ENTERPRISE,
                    "credit_code": build_credit_code(f"913101{k:011d}"),
                    "headcount": self.rng.randrange(5, 500),
                }
                for k, (t, j) in enumerate(((t, j) for t in tenants for j in range(per)), 1)
            ),
        )
        return self._by_tenant(Unit, tenants)

    def people(
        self, tenants: list[int], areas: dict[int, list[int]], units: dict[int, list[int]]
    ) -> dict[int, list[int]]:
        from jiedao.core.validators import build_id_number
        from jiedao.people.models import Person
        from jiedao.people.services import person_values

        per = max(1, self.n(PEOPLE) // len(tenants))
        born = dt.date(1940, 1, 1)
        flags = ["is_worker", "is_union_member", "is_party_member", "is_volunteer", "is_job_seeker"]

        def rows() -> Iterator[dict[str, Any]]:
            serial = 0
            for t in tenants:
                for _ in range(per):
                    serial += 1
                    # Unique per tenant and overall: the birth date and sequence come from the serial.
                    birth = born + dt.timedelta(days=serial // 999 % 25_000)
                    values = person_values(
                        subdistrict_id=t,
                        name=self.rng.choice(SURNAMES) + "".join(self.rng.choices(GIVEN, k=self.rng.choice((1, 2)))),
                        id_number=build_id_number(DISTRICT, birth, serial % 999 + 1),
                        phone=f"13{self.rng.randrange(10**9):09d}",
                        residential_area=None,
                        employer=None,
                        roles=set(self.rng.sample(flags, k=self.rng.choice((0, 1, 2)))),
                    )
                    values["residential_area_id"] = self.rng.choice(areas[t])
                    values["employer_id"] = self.rng.choice(units[t]) if self.rng.random() < 0.6 else None
                    values.pop("residential_area", None)
                    values.pop("employer", None)
                    values["created_at"] = values["updated_at"] = self.now
                    yield values

        copy_rows(Person, rows())
        return self._by_tenant(Person, tenants)

    def activities(self, tenants: list[int], units: dict[int, list[int]]) -> dict[int, list[tuple[int, dt.datetime]]]:
        from jiedao.activities.models import Activity, Session

        per = max(1, self.n(ACTIVITIES) // len(tenants))
        kinds = [k.value for k in Activity.Kind]
        copy_rows(
            Activity,
            (
                {
                    "subdistrict_id": t,
                    "kind": self.rng.choice(kinds),
                    "title": f"基准活动{j}",
                    "organiser_id": units[t][0],
                    "created_at": self.now,
                    "updated_at": self.now,
                }
                for t in tenants
                for j in range(per)
            ),
        )

        # Read before the COPY starts: no other statement can run on the connection during one.
        made = list(Activity.objects.filter(subdistrict_id__in=tenants).values_list("pk", "subdistrict_id"))

        def sessions() -> Iterator[dict[str, Any]]:
            for activity_id, tenant in made:
                for _ in range(SESSIONS_PER_ACTIVITY):
                    starts = self.moment()
                    yield {
                        "subdistrict_id": tenant,
                        "activity_id": activity_id,
                        "starts_at": starts,
                        "ends_at": starts + dt.timedelta(hours=2),
                        "place": "党群服务中心",
                    }

        copy_rows(Session, sessions())
        found: dict[int, list[tuple[int, dt.datetime]]] = {t: [] for t in tenants}
        for pk, tenant, starts in Session.objects.filter(subdistrict_id__in=tenants).values_list(
            "pk", "subdistrict_id", "starts_at"
        ):
            found[tenant].append((pk, starts))
        return found

    def attendances(self, sessions: dict[int, list[tuple[int, dt.datetime]]], people: dict[int, list[int]]) -> int:
        from jiedao.activities.models import Attendance

        total_sessions = sum(len(s) for s in sessions.values())
        per_session = max(1, self.n(ATTENDANCES) // total_sessions)

        def rows() -> Iterator[dict[str, Any]]:
            for tenant, tenant_sessions in sessions.items():
                crowd = people[tenant]
                for session_id, starts in tenant_sessions:
                    came = self.rng.sample(crowd, k=min(per_session, len(crowd)))
                    for person_id in came:
                        signed_in = starts + dt.timedelta(seconds=self.rng.randrange(-900, 900))
                        yield {
                            "subdistrict_id": tenant,
                            "session_id": session_id,
                            "person_id": person_id,
                            "method": "qr",
                            "signed_in_at": signed_in,
                            "signed_out_at": signed_in + dt.timedelta(minutes=self.rng.randrange(60, 130)),
                        }

        return copy_rows(Attendance, rows())

    def audit(self, tenants: list[int], people: dict[int, list[int]]) -> int:
        from jiedao.core.models import AuditEntry

        actions = [a.value for a in AuditEntry.Action]
        per = max(1, self.n(AUDIT_ENTRIES) // len(tenants))
        return copy_rows(
            AuditEntry,
            (
                {
                    "subdistrict_id": t,
                    "actor_name": "基准管理员",
                    "action": self.rng.choice(actions),
                    "object_type": "people.person",
                    "object_id": str(self.rng.choice(people[t])),
                    "object_repr": "基准人员",
                    "detail": {"fields": ["phone"]},
                    "created_at": self.moment(),
                }
                for t in tenants
                for _ in range(per)
            ),
        )

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

    # ---------------------------------------------------------------- volunteering (凝新)

    def service_shifts(self, tenants: list[int], areas: dict[int, list[int]], units: dict[int, list[int]]) -> int:
        """Public-service tasks: activities of kind SERVICE (a third adopted from a residents'
        need), each with ``SHIFTS_PER_TASK`` weekly shifts (sessions with places) somewhere in
        the five years or the coming weeks. ``claimed`` says how many places the claims step fills."""
        from jiedao.activities.models import Activity, Session
        from jiedao.people.models import Person
        from jiedao.volunteering.models import Need, Shift, Task

        per = max(1, self.n(SERVICE_TASKS) // len(tenants))
        adopted = per // 3
        volunteers = {t: len(ids) for t, ids in self._ids(Person, tenants, is_volunteer=True).items()}
        plans = {t: [self._task_plan() for _ in range(per)] for t in tenants}
        made = copy_rows(
            Need,
            (
                {
                    "subdistrict_id": t,
                    "residential_area_id": self.rng.choice(areas[t]),
                    "title": f"基准居民需求{j}",
                    "status": "adopted" if j < adopted else self.rng.choice(("open", "declined")),
                    "created_at": plans[t][j][3] - dt.timedelta(days=self.rng.randrange(1, 20))
                    if j < adopted
                    else self.moment(),
                }
                for t in tenants
                for j in range(adopted + max(1, per // 10))
            ),
        )
        needs = self._ids(Need, tenants, status="adopted")
        made += copy_rows(
            Activity,
            (
                {
                    "subdistrict_id": t,
                    "kind": "service",
                    "title": f"基准公益服务{j}",
                    "organiser_id": units[t][0],
                    "sign_out_enabled": True,
                    "created_at": created,
                    "updated_at": created,
                }
                for t in tenants
                for j, (_day, _time, _hours, created) in enumerate(plans[t])
            ),
        )
        activities = self._ids(Activity, tenants, kind="service", title__startswith="基准公益服务")
        made += copy_rows(
            Task,
            (
                {
                    "subdistrict_id": t,
                    "activity_id": activity_id,
                    "need_id": needs[t][j] if j < adopted else None,
                    "contact": "党群服务中心 021-65000000",
                    "hours_per_shift": Decimal(hours),
                    "is_open": self.local(first + dt.timedelta(weeks=SHIFTS_PER_TASK - 1), time) > self.now,
                    "created_at": created,
                }
                for t in tenants
                for j, (activity_id, (first, time, hours, created)) in enumerate(
                    zip(activities[t], plans[t], strict=True)
                )
            ),
        )
        made += copy_rows(
            Session,
            (
                {
                    "subdistrict_id": t,
                    "activity_id": activity_id,
                    "starts_at": self.local(first + dt.timedelta(weeks=k), time),
                    "ends_at": self.local(first + dt.timedelta(weeks=k), time) + dt.timedelta(hours=hours),
                    "place": "居民区活动室",
                }
                for t in tenants
                for activity_id, (first, time, hours, _created) in zip(activities[t], plans[t], strict=True)
                for k in range(SHIFTS_PER_TASK)
            ),
        )
        tasks = self._rows(Task, tenants, ("pk", "activity_id"))
        sessions = self._rows(
            Session,
            tenants,
            ("pk", "activity_id", "starts_at"),
            activity__kind="service",
            activity__title__startswith="基准公益服务",
        )

        def shifts() -> Iterator[dict[str, Any]]:
            for t in tenants:
                task_of = {activity_id: pk for pk, activity_id in tasks[t]}
                for session_id, activity_id, starts in sessions[t]:
                    capacity = self.rng.randrange(6, 15)
                    low = 0 if starts > self.now else capacity * 3 // 5
                    yield {
                        "subdistrict_id": t,
                        "task_id": task_of[activity_id],
                        "session_id": session_id,
                        "capacity": capacity,
                        "claimed": min(volunteers[t], self.rng.randint(low, capacity)),
                    }

        return made + copy_rows(Shift, shifts())

    def _task_plan(self) -> tuple[dt.date, dt.time, int, dt.datetime]:
        """A task's first shift day, its time and hours, and when the task was published."""
        first = self.day(self.between(self.start + dt.timedelta(days=30), self.now + dt.timedelta(days=21)))
        time, hours = self.rng.choice(((dt.time(9), 3), (dt.time(14), 2)))
        created = min(self.now, self.local(first, time) - dt.timedelta(days=self.rng.randrange(3, 30)))
        return first, time, hours, created

    def claims(self, tenants: list[int]) -> int:
        """Each shift's ``claimed`` places held by claims of volunteers (``is_volunteer``), a few
        cancelled ones besides and a waiting list on full future shifts; a volunteer number for
        every claimant. The hours of the claims of past shifts: nineteen in twenty recorded, from
        QR sign-in and sign-out (with their attendance rows, the hours as ``hours.attended_hours``
        computes them) or reported by the volunteer; verified by the organiser, a few pending or
        rejected."""
        from jiedao.activities.models import Attendance
        from jiedao.people.models import Person
        from jiedao.volunteering.models import Claim, ProgrammeSettings, ServiceRecord, Shift, Volunteer
        from jiedao.volunteering.services.hours import rounded_hours

        shifts = self._rows(Shift, tenants, ("pk", "capacity", "claimed", "session__starts_at"))
        volunteers = self._ids(Person, tenants, is_volunteer=True)
        claimants: dict[int, int] = {}

        def rows() -> Iterator[dict[str, Any]]:
            for t, found in shifts.items():
                for shift_id, capacity, claimed, starts in found:
                    cancelled = self.rng.choice((0, 0, 0, 1))
                    waiting = self.rng.randrange(3) if starts > self.now and claimed == capacity else 0
                    crowd = self.rng.sample(volunteers[t], k=min(len(volunteers[t]), claimed + cancelled + waiting))
                    for i, person in enumerate(crowd):
                        claimants.setdefault(person, t)
                        created = min(self.now, starts - dt.timedelta(hours=self.rng.randrange(24, 14 * 24)))
                        yield {
                            "subdistrict_id": t,
                            "shift_id": shift_id,
                            "person_id": person,
                            "status": "claimed"
                            if i < claimed
                            else "cancelled"
                            if i < claimed + cancelled
                            else "waiting",
                            "created_at": created,
                            "updated_at": created,
                        }

        made = copy_rows(Claim, rows())
        made += copy_rows(
            Volunteer,
            ({"subdistrict_id": t, "person_id": p, "number": f"ZY{t:04d}{p:08d}"} for p, t in claimants.items()),
        )
        held = self._rows(
            Claim,
            tenants,
            (
                "pk",
                "person_id",
                "shift__session_id",
                "shift__session__starts_at",
                "shift__session__ends_at",
                "shift__task__hours_per_shift",
            ),
            status="claimed",
            shift__session__ends_at__lte=self.now - dt.timedelta(hours=1),
        )
        settings = ProgrammeSettings()  # the defaults: to the nearest half hour
        records: list[tuple[Any, ...]] = []
        for t, found in held.items():
            for claim_id, person, session_id, starts, ends, worth in found:
                if self.rng.random() < 0.05:  # neither signed out nor reported
                    continue
                done = min(self.now, ends + dt.timedelta(hours=self.rng.randrange(2, 72)))
                if self.rng.random() < 0.7:
                    signed_in = starts + dt.timedelta(minutes=self.rng.randrange(-15, 10))
                    signed_out = ends + dt.timedelta(minutes=self.rng.randrange(-20, 15))
                    minutes = int((min(signed_out, ends) - max(signed_in, starts)).total_seconds() // 60)
                    hours = min(rounded_hours(minutes, settings), worth)
                    records.append((t, claim_id, person, session_id, signed_in, signed_out, hours, "verified", done))
                else:
                    status = self.rng.choices(("verified", "pending", "rejected"), weights=(85, 10, 5))[0]
                    records.append((t, claim_id, person, session_id, None, None, worth, status, done))
        made += copy_rows(
            Attendance,
            (
                {
                    "subdistrict_id": t,
                    "session_id": session_id,
                    "person_id": person,
                    "method": "qr",
                    "signed_in_at": signed_in,
                    "signed_out_at": signed_out,
                }
                for t, _claim, person, session_id, signed_in, signed_out, *_ in records
                if signed_in is not None
            ),
        )
        return made + copy_rows(
            ServiceRecord,
            (
                {
                    "subdistrict_id": t,
                    "claim_id": claim_id,
                    "source": "attendance" if signed_in is not None else "reported",
                    "hours": hours,
                    "status": status,
                    "note": "与签到记录不符" if status == "rejected" else "",
                    "verified_at": done if status == "verified" else None,
                    "created_at": signed_out or done,
                }
                for t, claim_id, _person, _session, signed_in, signed_out, hours, status, done in records
            ),
        )

    # ---------------------------------------------------------------- training (职业技能培训)

    def training(self, tenants: list[int]) -> int:
        """Per sub-district a training school (a unit of kind TRAINING_SCHOOL, the provider) with
        the courses of ``COURSES`` (no required works) and ``TRAINING_CLASSES`` classes over the
        five years and the coming weeks: activities of kind CLASS with ``CLASS_SESSIONS`` weekly
        sessions of three hours (``SessionHours``). ``seats_taken`` says how many seats the
        enrolment step fills."""
        from jiedao.activities.models import Activity, Session
        from jiedao.org.models import Unit
        from jiedao.people.models import Person
        from jiedao.training.models import Course, Provider, SessionHours, TrainingClass

        school = "基准职业技能培训学校"
        made = copy_rows(
            Unit,
            (
                {"subdistrict_id": t, "name": school, "kind": Unit.Kind.TRAINING_SCHOOL, "headcount": 20}
                for t in tenants
            ),
        )
        schools = self._ids(Unit, tenants, name=school)
        made += copy_rows(
            Provider,
            (
                {
                    "subdistrict_id": t,
                    "unit_id": schools[t][0],
                    "licence_number": f"教民{t:06d}号",
                    "contact_name": "王老师",
                    "created_at": self.start,
                }
                for t in tenants
            ),
        )
        providers = self._ids(Provider, tenants)
        made += copy_rows(
            Course,
            (
                {
                    "subdistrict_id": t,
                    "name": name,
                    "grade": grade,
                    "prescribed_hours": Decimal(3 * CLASS_SESSIONS),
                    "completion_share": Decimal("0.75"),
                    "created_at": self.start,
                }
                for t in tenants
                for name, grade in COURSES
            ),
        )
        courses = self._ids(Course, tenants)
        seekers = {t: len(ids) for t, ids in self._ids(Person, tenants, is_job_seeker=True).items()}
        per = max(1, self.n(TRAINING_CLASSES) // len(tenants))
        plans = {
            t: [
                (
                    j % len(COURSES),
                    self.day(self.between(self.start + dt.timedelta(days=30), self.now + dt.timedelta(days=28))),
                    self.rng.randrange(25, 46),
                )
                for j in range(per)
            ]
            for t in tenants
        }
        made += copy_rows(
            Activity,
            (
                {
                    "subdistrict_id": t,
                    "kind": "class",
                    "title": f"基准培训·{COURSES[c][0]}第{j + 1}期",
                    "organiser_id": schools[t][0],
                    "sign_out_enabled": True,
                    "created_at": min(self.now, self.local(first, dt.time(9)) - dt.timedelta(days=30)),
                    "updated_at": min(self.now, self.local(first, dt.time(9)) - dt.timedelta(days=30)),
                }
                for t in tenants
                for j, (c, first, _capacity) in enumerate(plans[t])
            ),
        )
        activities = self._ids(Activity, tenants, kind="class", title__startswith="基准培训·")
        made += copy_rows(
            Session,
            (
                {
                    "subdistrict_id": t,
                    "activity_id": activity_id,
                    "starts_at": self.local(first + dt.timedelta(weeks=k), dt.time(13, 30)),
                    "ends_at": self.local(first + dt.timedelta(weeks=k), dt.time(16, 30)),
                    "place": "培训学校一号教室",
                }
                for t in tenants
                for activity_id, (_c, first, _capacity) in zip(activities[t], plans[t], strict=True)
                for k in range(CLASS_SESSIONS)
            ),
        )
        sessions = self._rows(
            Session, tenants, ("pk",), activity_id__in=[a for ids in activities.values() for a in ids]
        )
        made += copy_rows(
            SessionHours,
            ({"subdistrict_id": t, "session_id": pk, "hours": Decimal(3)} for t in tenants for (pk,) in sessions[t]),
        )

        def classes() -> Iterator[dict[str, Any]]:
            for t in tenants:
                for j, (activity_id, (c, first, capacity)) in enumerate(zip(activities[t], plans[t], strict=True)):
                    low = 0 if first > self.today else capacity * 7 // 10
                    yield {
                        "subdistrict_id": t,
                        "course_id": courses[t][c],
                        "provider_id": providers[t][0],
                        "activity_id": activity_id,
                        "name": f"基准培训·{COURSES[c][0]}第{j + 1}期",
                        "place": "培训学校一号教室",
                        "capacity": capacity,
                        "seats_taken": min(seekers[t], self.rng.randint(low, capacity)),
                        "starts_on": first,
                        "ends_on": first + dt.timedelta(weeks=CLASS_SESSIONS - 1),
                        "enrolment_open": first > self.today,
                        "created_at": min(self.now, self.local(first, dt.time(9)) - dt.timedelta(days=30)),
                    }

        return made + copy_rows(TrainingClass, classes())

    def enrolments(self, tenants: list[int]) -> int:
        """Each class's ``seats_taken`` seats held by registered job seekers (``is_job_seeker``),
        with a few who withdrew and a waiting list on full classes to come. A class that ended
        is closed: completed (``completed_on`` its last day) or not, as the hours of their
        attendance rows give by ``completion`` (9 of 12: all sessions, or all but one)."""
        from jiedao.activities.models import Attendance, Session
        from jiedao.people.models import Person
        from jiedao.training.models import Enrolment, TrainingClass

        classes = self._rows(
            TrainingClass,
            tenants,
            ("pk", "activity_id", "capacity", "seats_taken", "starts_on", "ends_on", "created_at"),
        )
        sittings: dict[int, list[tuple[int, dt.datetime, dt.datetime]]] = {}
        for activity_id, pk, starts, ends in (
            Session.objects.filter(activity__training_class__subdistrict_id__in=tenants)
            .order_by("pk")
            .values_list("activity_id", "pk", "starts_at", "ends_at")
        ):
            sittings.setdefault(activity_id, []).append((pk, starts, ends))
        seekers = self._ids(Person, tenants, is_job_seeker=True)
        present: list[tuple[int, int, int, dt.datetime]] = []  # (tenant, session, person, starts)

        def rows() -> Iterator[dict[str, Any]]:
            for t, found in classes.items():
                for class_id, activity_id, capacity, seats, starts_on, ends_on, created in found:
                    withdrawn = self.rng.choice((0, 0, 1, 2))
                    waiting = self.rng.randrange(4) if starts_on > self.today and seats == capacity else 0
                    crowd = self.rng.sample(seekers[t], k=min(len(seekers[t]), seats + withdrawn + waiting))
                    past = [(pk, s) for pk, s, e in sittings[activity_id] if e <= self.now]
                    for i, person in enumerate(crowd):
                        if i >= seats:
                            status = "withdrawn" if i < seats + withdrawn else "waiting"
                        elif ends_on < self.today:
                            status = "completed" if self.rng.random() < 0.88 else "not_completed"
                        else:
                            status = "enrolled"
                        came = {
                            "completed": len(past) - (self.rng.random() < 0.3),
                            "not_completed": self.rng.randrange(3),
                            "withdrawn": self.rng.randrange(2),
                            "enrolled": len(past),
                        }.get(status, 0)
                        present.extend((t, pk, person, s) for pk, s in self.rng.sample(past, k=min(came, len(past))))
                        enrolled = self.between(created, min(self.now, self.local(starts_on, dt.time(9))))
                        yield {
                            "subdistrict_id": t,
                            "person_id": person,
                            "training_class_id": class_id,
                            "status": status,
                            "source": self.rng.choice(("referral", "application")),
                            "job_seeker_at_enrolment": True,
                            "completed_on": ends_on if status == "completed" else None,
                            "created_at": enrolled,
                            "updated_at": enrolled,
                        }

        made = copy_rows(Enrolment, rows())
        return made + copy_rows(
            Attendance,
            (
                {
                    "subdistrict_id": t,
                    "session_id": session_id,
                    "person_id": person,
                    "method": "qr",
                    # Within the grace of a quarter of an hour: the session counts in full.
                    "signed_in_at": starts + dt.timedelta(minutes=self.rng.randrange(-10, 10)),
                    "signed_out_at": starts + dt.timedelta(minutes=180 + self.rng.randrange(-10, 10)),
                }
                for t, session_id, person, starts in present
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

    @staticmethod
    def _rows(
        model: Any, tenants: list[int], fields: tuple[str, ...], *where: Any, **lookups: Any
    ) -> dict[int, list[Any]]:
        """``fields`` of ``model``'s rows per tenant, in insertion (pk) order: a COPY's rows
        come back in the order they were written."""
        found: dict[int, list[Any]] = {t: [] for t in tenants}
        rows = model.objects.filter(*where, subdistrict_id__in=tenants, **lookups).order_by("pk")
        for tenant, *values in rows.values_list("subdistrict_id", *fields):
            found[tenant].append(tuple(values))
        return found

    def _ids(self, model: Any, tenants: list[int], **lookups: Any) -> dict[int, list[int]]:
        return {t: [pk for (pk,) in rows] for t, rows in self._rows(model, tenants, ("pk",), **lookups).items()}

    @staticmethod
    def _by_tenant(model: Any, tenants: list[int]) -> dict[int, list[int]]:
        found: dict[int, list[int]] = {t: [] for t in tenants}
        for pk, tenant in model.objects.filter(subdistrict_id__in=tenants).values_list("pk", "subdistrict_id"):
            found[tenant].append(pk)
        return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the full district (default 1)")
    parser.add_argument("--seed", type=int, default=2020)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    if connection.vendor != "postgresql":
        raise SystemExit("Run on PostgreSQL: scripts/with-postgres .venv/bin/python bench/city_dataset.py")
    call_command("migrate", verbosity=0)
    city = City(args.scale, args.seed)
    began = time.perf_counter()

    def step(label: str, work: Any) -> Any:
        started = time.perf_counter()
        with transaction.atomic():
            result = work()
        rows = result if isinstance(result, int) else len(result)
        if isinstance(result, dict):
            rows = sum(len(v) for v in result.values())
        print(f"{label:15} {rows:>10,} rows  {time.perf_counter() - started:7.1f} s", flush=True)
        return result

    tenants = step("sub-districts", city.subdistricts)
    areas = step("areas", lambda: city.areas(tenants))
    units = step("units", lambda: city.units(tenants))
    people = step("people", lambda: city.people(tenants, areas, units))
    sessions = step("sessions", lambda: city.activities(tenants, units))
    step("attendances", lambda: city.attendances(sessions, people))
    step("audit entries", lambda: city.audit(tenants, people))
    step("counselling", lambda: city.counselling(tenants, people))
    step("appointments", lambda: city.appointments(tenants, people))
    step("session records", lambda: city.session_records(tenants))
    step("unions", lambda: city.unions(tenants, areas, units))
    step("memberships", lambda: city.memberships(tenants))
    step("dues", lambda: city.dues(tenants))
    step("service shifts", lambda: city.service_shifts(tenants, areas, units))
    step("claims", lambda: city.claims(tenants))
    step("training", lambda: city.training(tenants))
    step("enrolments", lambda: city.enrolments(tenants))
    step("legal aid", lambda: city.legal_aid(tenants))
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # planner statistics and the visibility map, as after autovacuum
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        size = cursor.fetchone()[0]
    print(f"{'vacuum analyze':15} {'':>10}       {time.perf_counter() - started:7.1f} s")
    print(f"loaded in {time.perf_counter() - began:.0f} s; database size {size}")


if __name__ == "__main__":
    main()
