"""Access rows of the volunteering pages and API (``jiedao/volunteering``).

The party-mass service centre and the sub-district admin run the catalogue;
residential-area union chairs report their area's needs; anyone signed in with a
registry record claims, cancels and reports for themselves (staff without one are
told so: 409 in the API, a message on the page); another sub-district's admin passes
the role gates but finds nothing of 凉城 (404). The certificate's public page shows
a masked name only.

Rows that change state build a fresh object per persona (``kwargs`` is called for each).
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from jiedao.testing import World
from jiedao.volunteering.models import Certificate, Claim, Need, ServiceRecord, Volunteer
from jiedao.volunteering.tests.conftest import VolunteeringSetup, add_shift, build_volunteering
from tests.access.common import ANY_USER, EVERYONE, SIGNED_IN, STAFF, Case, Target, name_of

MANAGERS = {"admin", "centre"}
MANAGER_GATE = MANAGERS | {"other_admin"}
NEED_GATE = MANAGER_GATE | {"xiuyuan", "zhonghong"}
PERSONS = {"worker", "jobseeker"}  # the personas with a registry record of their own
TASK = "社区助老陪伴"


def vol_of(w: World) -> VolunteeringSetup:
    built = w.extras.get("volunteering")
    if not isinstance(built, VolunteeringSetup):
        built = build_volunteering(w)
        w.extras["volunteering"] = built
    return built


def with_setup(w: World) -> dict[str, Any]:
    vol_of(w)
    return {}


def task(w: World) -> dict[str, Any]:
    return {"pk": vol_of(w).task.pk}


def shift(w: World) -> dict[str, Any]:
    return {"pk": vol_of(w).past.pk}


def fresh_shift(w: World) -> dict[str, Any]:
    vol = vol_of(w)
    return {"pk": add_shift(vol.task, timezone.now() + dt.timedelta(days=5)).pk}


def full_shift(w: World) -> dict[str, Any]:
    vol = vol_of(w)
    return {"pk": add_shift(vol.task, timezone.now() + dt.timedelta(days=5), claimed=2).pk}


def fresh_claim(w: World) -> dict[str, Any]:
    vol = vol_of(w)
    s = add_shift(vol.task, timezone.now() + dt.timedelta(days=5), claimed=1)
    return {"pk": Claim.objects.create(subdistrict=w.liangcheng, shift=s, person=w.people["worker"]).pk}


def past_claim(w: World) -> dict[str, Any]:
    return {"pk": vol_of(w).past_claim.pk}


def _record(w: World, status: str) -> ServiceRecord:
    vol = vol_of(w)
    s = add_shift(vol.task, timezone.now() - dt.timedelta(days=3), claimed=1)
    claim = Claim.objects.create(subdistrict=w.liangcheng, shift=s, person=w.people["worker"])
    return ServiceRecord.objects.create(
        subdistrict=w.liangcheng,
        claim=claim,
        source="reported",
        hours=Decimal(2),
        status=status,
        verified_at=timezone.now() if status == "verified" else None,
    )


def fresh_record(w: World) -> dict[str, Any]:
    return {"pk": _record(w, "pending").pk}


def with_record(w: World) -> dict[str, Any]:
    fresh_record(w)
    return {}


def fresh_need(w: World) -> dict[str, Any]:
    vol_of(w)
    need = Need.objects.create(subdistrict=w.liangcheng, residential_area=w.xiuyuan, title="帮独居老人买菜")
    return {"pk": need.pk}


def with_need(w: World) -> dict[str, Any]:
    fresh_need(w)
    return {}


def certificate(w: World) -> Certificate:
    found = w.extras.get("certificate")
    if isinstance(found, Certificate):
        return found
    record = _record(w, "verified")
    made = Certificate.objects.create(
        subdistrict=w.liangcheng,
        number="ZY2026-TESTNUMBER",
        person=w.people["worker"],
        name=w.people["worker"].name,
        id_number_masked="**************1230",
        period_start=dt.date(2020, 1, 1),
        period_end=timezone.localdate(),
        hours=record.hours,
        content=f"{TASK}（1次）",
        volunteer_number="ZY000100000001",
        issuer_name="凉城新村街道党群服务中心",
        person_in_charge="陈懿",
        handler="张敏",
        issuer_contact="021-65550000",
        issued_on=timezone.localdate(),
    )
    w.extras["certificate"] = made
    return made


def volunteer(w: World) -> dict[str, Any]:
    vol_of(w)
    person = w.people["worker"]
    Volunteer.objects.get_or_create(
        person=person, defaults={"subdistrict": w.liangcheng, "number": f"ZY0001{person.pk:08d}"}
    )
    return {"person_pk": person.pk}


def with_certificate(w: World) -> dict[str, Any]:
    certificate(w)
    return {}


def period(w: World) -> dict[str, Any]:
    vol_of(w)
    today = timezone.localdate()
    return {"date_from": (today - dt.timedelta(days=30)).isoformat(), "date_to": today.isoformat()}


NO_PERSON: dict[str, int | frozenset[int]] = dict.fromkeys(STAFF, 409)

PAGES = {
    "volunteering:index": Case(targets=[Target(ANY_USER, with_setup)]),
    # Staff without a person record are told so on the page they come back to (302).
    "volunteering:shift_claim": Case("post", [Target(SIGNED_IN, fresh_shift, status=302)], gate=ANY_USER),
    "volunteering:shift_wait": Case("post", [Target(SIGNED_IN, full_shift, status=302)], gate=ANY_USER),
    "volunteering:mine": Case(targets=[Target(ANY_USER, with_setup, leak=lambda w: TASK, sees={"worker"})]),
    # One's own claims only: the centre sees them on its desk, not here (404).
    "volunteering:claim_cancel": Case("post", [Target({"worker"}, fresh_claim, status=302)], gate=ANY_USER),
    "volunteering:claim_report": Case(targets=[Target({"worker"}, past_claim)], gate=ANY_USER),
    "volunteering:certificate_issue": Case("post", [Target(PERSONS, data=period, status=302)], gate=ANY_USER),
    "volunteering:certificate_pdf": Case(
        targets=[Target({"worker"} | MANAGERS, lambda w: {"pk": certificate(w).pk})], gate=ANY_USER
    ),
    "volunteering:verify": Case(
        targets=[Target(EVERYONE, lambda w: {"number": certificate(w).number}, leak=name_of("worker"), sees=set())]
    ),
    "volunteering:tasks": Case(targets=[Target(MANAGER_GATE, with_setup, leak=lambda w: TASK, sees=MANAGERS)]),
    "volunteering:task_create": Case(targets=[Target(MANAGER_GATE, with_setup)]),
    "volunteering:task": Case(targets=[Target(MANAGERS, task)], gate=MANAGER_GATE),
    "volunteering:shift_add": Case(targets=[Target(MANAGERS, task)], gate=MANAGER_GATE),
    "volunteering:shift": Case(targets=[Target(MANAGERS, shift, leak=name_of("worker"))], gate=MANAGER_GATE),
    "volunteering:shift_hours": Case("post", [Target(MANAGERS, shift, status=302)], gate=MANAGER_GATE),
    "volunteering:records": Case(targets=[Target(MANAGER_GATE, with_record, leak=name_of("worker"), sees=MANAGERS)]),
    "volunteering:record_review": Case(
        "post", [Target(MANAGERS, fresh_record, data=lambda w: {"approve": "1"}, status=302)], gate=MANAGER_GATE
    ),
    "volunteering:record_correct": Case(targets=[Target(MANAGERS, fresh_record)], gate=MANAGER_GATE),
    "volunteering:needs": Case(
        targets=[Target(NEED_GATE, with_need, leak=lambda w: "帮独居老人买菜", sees=MANAGERS | {"xiuyuan"})]
    ),
    "volunteering:need_create": Case(targets=[Target(NEED_GATE, with_setup)]),
    "volunteering:need_decline": Case("post", [Target(MANAGERS, fresh_need, status=302)], gate=MANAGER_GATE),
    "volunteering:settings": Case(targets=[Target(MANAGER_GATE, with_setup)]),
    "volunteering:task_open": Case(
        "post", [Target(MANAGERS, task, data=lambda w: {"is_open": "0"}, status=302)], gate=MANAGER_GATE
    ),
    "volunteering:shift_edit": Case(targets=[Target(MANAGERS, fresh_shift)], gate=MANAGER_GATE),
    "volunteering:certificates": Case(
        targets=[Target(MANAGER_GATE, with_certificate, leak=name_of("worker"), sees=MANAGERS)]
    ),
    "volunteering:certificate_new": Case(targets=[Target(MANAGERS, volunteer)], gate=MANAGER_GATE),
    "volunteering:certificate_revoke": Case(
        targets=[Target(MANAGERS, lambda w: {"pk": certificate(w).pk})], gate=MANAGER_GATE
    ),
}

API: dict[tuple[str, str], Case] = {
    ("GET", "/volunteering/shifts"): Case(targets=[Target(ANY_USER, with_setup, leak=lambda w: TASK, sees=SIGNED_IN)]),
    ("POST", "/volunteering/shifts/{pk}/claim"): Case(
        "post", [Target(PERSONS, fresh_shift, status=201, answers=NO_PERSON)], gate=ANY_USER
    ),
    ("POST", "/volunteering/shifts/{pk}/waitlist"): Case(
        "post", [Target(PERSONS, full_shift, answers=NO_PERSON)], gate=ANY_USER
    ),
    ("POST", "/volunteering/claims/{pk}/cancel"): Case("post", [Target({"worker"}, fresh_claim)], gate=ANY_USER),
    ("GET", "/volunteering/hours/me"): Case(
        targets=[Target(PERSONS, with_setup, answers={**NO_PERSON, "other_admin": 409})], gate=ANY_USER
    ),
    ("GET", "/volunteering/certificates/{pk}"): Case(
        targets=[Target(EVERYONE, lambda w: {"pk": certificate(w).number}, leak=name_of("worker"), sees=set())]
    ),
}
