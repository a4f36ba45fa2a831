"""The city district's base (``bench/city_dataset.py``): the settings, ``copy_rows`` (PostgreSQL
``COPY`` through the fields' own preparation), and the sub-districts, areas, units, people,
activities, attendance and audit log every programme's records then point at."""

import datetime as dt
import os
import random
import secrets
import sys
from collections.abc import Iterable, Iterator
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


class CityBase:
    """The roster and the activities of the district, and the helpers the programmes use."""

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
                self.activity(t, self.rng.choice(kinds), f"基准活动{j}", units[t][0], self.now)
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

    @staticmethod
    def activity(
        tenant: int, kind: str, title: str, organiser_id: int, created: dt.datetime, **more: Any
    ) -> dict[str, Any]:
        """An activity's row: the programmes' activities differ only in these."""
        return {
            "subdistrict_id": tenant,
            "kind": kind,
            "title": title,
            "organiser_id": organiser_id,
            "created_at": created,
            "updated_at": created,
            **more,
        }

    def _ids(self, model: Any, tenants: list[int], **lookups: Any) -> dict[int, list[int]]:
        return {t: [pk for (pk,) in rows] for t, rows in self._rows(model, tenants, ("pk",), **lookups).items()}

    @staticmethod
    def _by_tenant(model: Any, tenants: list[int]) -> dict[int, list[int]]:
        found: dict[int, list[int]] = {t: [] for t in tenants}
        for pk, tenant in model.objects.filter(subdistrict_id__in=tenants).values_list("pk", "subdistrict_id"):
            found[tenant].append(pk)
        return found
