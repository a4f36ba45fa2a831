"""Access rows of the training pages and API (``jiedao/training``).

The labour office and the sub-district admin oversee everything; the school's user
(``lixiang``) runs its own classes; referrals and subsidies are the overseers';
residents see their own enrolments and apply for themselves; anyone verifies a
certificate, which shows a masked name only. Another sub-district's admin passes the
gates and finds nothing of 凉城 (404).
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from jiedao.testing import World
from jiedao.training.models import Enrolment, SubsidyClaim, SubsidyRule
from jiedao.training.services import claim_create
from jiedao.training.tests.helpers import actor, make_job_seeker, training_of
from tests.access.common import ANY_USER, EVERYONE, REVEALERS, SIGNED_IN, STAFF, Case, Target, name_of

DESK = {"admin", "labour", "lixiang"}
DESK_GATE = DESK | {"other_admin"}
OVERSEE = {"admin", "labour"}
OVERSEE_GATE = REVEALERS  # admin, labour and the other sub-district's admin
JOBSEEKER = name_of("jobseeker")


def setup(w: World) -> dict[str, Any]:
    training_of(w)
    return {}


def past(w: World) -> dict[str, Any]:
    return {"pk": training_of(w).past.pk}


def upcoming(w: World) -> dict[str, Any]:
    return {"pk": training_of(w).upcoming.pk}


def a_session(w: World) -> dict[str, Any]:
    return {"pk": training_of(w).past.activity.sessions.order_by("starts_at").first().pk}  # type: ignore[union-attr]


def provider(w: World) -> dict[str, Any]:
    return {"pk": training_of(w).provider.pk}


def course(w: World) -> dict[str, Any]:
    return {"pk": training_of(w).course.pk}


def enrolment(w: World) -> dict[str, Any]:
    return {"pk": training_of(w).enrolment.pk}


def work(w: World) -> dict[str, Any]:
    return {"pk": training_of(w).enrolment.works.exclude(photo="").get().pk}


def certificate(w: World) -> dict[str, Any]:
    return {"pk": training_of(w).certificate.pk}


def number(w: World) -> dict[str, Any]:
    return {"number": training_of(w).certificate.number}


def number_in_api(w: World) -> dict[str, Any]:
    """The API table writes every path parameter ``{pk}``."""
    return {"pk": training_of(w).certificate.number}


def external(w: World) -> dict[str, Any]:
    return {"pk": training_of(w).external.pk}


def claim(w: World) -> dict[str, Any]:
    setup = training_of(w)
    found = SubsidyClaim.objects.filter(enrolment=setup.enrolment).first()
    if found is None:
        found = claim_create(actor=actor(w, "labour"), external_certificate=setup.external)
    return {"pk": found.pk}


def fresh_enrolment(w: World) -> dict[str, Any]:
    """A new trainee of the upcoming class (for rows that withdraw them)."""
    setup = training_of(w)
    e = Enrolment.objects.create(
        subdistrict=w.liangcheng,
        training_class=setup.upcoming,
        person_id=make_job_seeker(w),
        status=Enrolment.Status.WAITING,
        source=Enrolment.Source.REFERRAL,
    )
    return {"pk": e.pk}


def offered_enrolment(w: World) -> dict[str, Any]:
    """A new trainee of the upcoming class holding an offer (for rows that accept it)."""
    e = Enrolment.objects.create(
        subdistrict=w.liangcheng,
        training_class=training_of(w).upcoming,
        person_id=make_job_seeker(w),
        status=Enrolment.Status.OFFERED,
        source=Enrolment.Source.REFERRAL,
        offer_expires_at=timezone.now() + dt.timedelta(hours=24),
    )
    return {"pk": e.pk}


_rule_days = iter(range(1, 10**6))


def unused_rule(w: World) -> dict[str, Any]:
    """A version of the table no claim used (for rows that delete it)."""
    training_of(w)
    rule = SubsidyRule.objects.create(
        subdistrict=w.liangcheng,
        grade="level5",
        valid_from=timezone.localdate() + dt.timedelta(days=next(_rule_days)),
        amount=Decimal("1600"),
    )
    return {"pk": rule.pk}


def first_work(w: World) -> dict[str, Any]:
    return {"required_work": training_of(w).course.required_works.order_by("position").first().pk, "mark": "passed"}  # type: ignore[union-attr]


def correction(w: World) -> dict[str, Any]:
    return {**a_session_data(w), "hours": "4", "reason": "补签"}


def a_session_data(w: World) -> dict[str, Any]:
    return {"session": a_session(w)["pk"]}


PAGES = {
    "training:index": Case(targets=[Target(DESK_GATE, setup)]),
    "training:courses": Case(targets=[Target(DESK_GATE, setup)]),
    "training:course_create": Case(targets=[Target(OVERSEE_GATE)]),
    "training:providers": Case(targets=[Target(DESK_GATE, setup, leak=lambda w: "沪人社民证001号", sees=DESK)]),
    "training:provider_create": Case(targets=[Target(OVERSEE_GATE)]),
    "training:class_create": Case(targets=[Target(DESK_GATE)]),
    "training:provider_edit": Case(targets=[Target(OVERSEE, provider)], gate=OVERSEE_GATE),
    "training:course_edit": Case(targets=[Target(OVERSEE, course)], gate=OVERSEE_GATE),
    "training:class_edit": Case(targets=[Target(DESK, upcoming)], gate=DESK_GATE),
    "training:session_edit": Case(targets=[Target(DESK, a_session)], gate=DESK_GATE),
    # Deletions of rows something depends on: refused, back to the edit page (302).
    "training:provider_delete": Case("post", [Target(OVERSEE, provider, status=302)], gate=OVERSEE_GATE),
    "training:course_delete": Case("post", [Target(OVERSEE, course, status=302)], gate=OVERSEE_GATE),
    "training:class_delete": Case("post", [Target(DESK, past, status=302)], gate=DESK_GATE),
    "training:session_delete": Case("post", [Target(DESK, a_session, status=302)], gate=DESK_GATE),
    "training:rules": Case(targets=[Target(OVERSEE_GATE, setup)]),
    "training:rule_delete": Case("post", [Target(OVERSEE, unused_rule, status=302)], gate=OVERSEE_GATE),
    "training:class_detail": Case(targets=[Target(DESK, past, leak=JOBSEEKER)], gate=DESK_GATE),
    "training:session_create": Case(targets=[Target(DESK, upcoming)], gate=DESK_GATE),
    "training:refer": Case(
        "post",
        [Target(OVERSEE, upcoming, data=lambda w: {"person": make_job_seeker(w)}, status=302)],
        gate=OVERSEE_GATE,
    ),
    "training:close": Case("post", [Target(DESK, past, status=302)], gate=DESK_GATE),
    "training:roster_xlsx": Case(targets=[Target(DESK, past)], gate=DESK_GATE),
    # Starts a long job and sends the person to its page.
    "training:certificates_zip": Case("post", [Target(DESK, past, status=302)], gate=DESK_GATE),
    "training:session_qr": Case(targets=[Target(DESK, a_session)], gate=DESK_GATE),
    "training:session_sheet": Case(targets=[Target(DESK, a_session)], gate=DESK_GATE),
    "training:enrolment": Case(targets=[Target(DESK, enrolment, leak=JOBSEEKER)], gate=DESK_GATE),
    "training:correct": Case("post", [Target(DESK, enrolment, data=correction, status=302)], gate=DESK_GATE),
    "training:work_record": Case("post", [Target(DESK, enrolment, data=first_work, status=302)], gate=DESK_GATE),
    "training:withdraw": Case("post", [Target(DESK, fresh_enrolment, status=302)], gate=DESK_GATE),
    "training:offer_accept_desk": Case("post", [Target(DESK, offered_enrolment, status=302)], gate=DESK_GATE),
    "training:external_create": Case(
        "post",
        [Target(DESK, enrolment, data=lambda w: {"grade": "level5", "number": "", "issued_on": ""}, status=302)],
        gate=DESK_GATE,
    ),
    "training:certificate_issue": Case("post", [Target(DESK, enrolment, status=302)], gate=DESK_GATE),
    "training:work_photo": Case(targets=[Target(DESK, work)], gate=DESK_GATE),
    "training:work_thumb": Case(targets=[Target(DESK, work)], gate=DESK_GATE),
    "training:certificate_pdf": Case(targets=[Target(DESK, certificate)], gate=DESK_GATE),
    "training:certificate_revoke": Case(
        "post", [Target(DESK, certificate, data=lambda w: {"reason": "核查撤销"}, status=302)], gate=DESK_GATE
    ),
    "training:ledger": Case(targets=[Target(OVERSEE_GATE, setup)]),
    "training:ledger_xlsx": Case(targets=[Target(OVERSEE_GATE, setup)]),
    "training:claim_create": Case("post", [Target(OVERSEE, external, status=302)], gate=OVERSEE_GATE),
    "training:claim_decide": Case(
        "post", [Target(OVERSEE, claim, data=lambda w: {"decision": "review"}, status=302)], gate=OVERSEE_GATE
    ),
    "training:mine": Case(targets=[Target(ANY_USER, setup, leak=JOBSEEKER, sees={"jobseeker"} | DESK)]),
    # Everyone signed in at 凉城 may try: the job seeker is enrolled, anyone else is told
    # why not on the page they return to (302); the other sub-district finds no class.
    "training:apply": Case("post", [Target(SIGNED_IN, upcoming, status=302)], gate=ANY_USER),
    "training:offer_accept": Case("post", [Target({"jobseeker"}, enrolment, status=302)], gate=ANY_USER),
    "training:leave": Case("post", [Target({"jobseeker"}, enrolment, status=302)], gate=ANY_USER),
    "training:my_certificate": Case(targets=[Target({"jobseeker"}, certificate)], gate=ANY_USER),
    # Public: the masked name only, never the full one.
    "training:verify": Case(targets=[Target(EVERYONE, number, leak=JOBSEEKER, sees=set())]),
}

API: dict[tuple[str, str], Case] = {
    ("GET", "/training/courses"): Case(targets=[Target(ANY_USER, setup)]),
    ("GET", "/training/classes"): Case(targets=[Target(ANY_USER, setup, leak=JOBSEEKER, sees=set())]),
    # The job seeker enrols (201); the worker is no job seeker and staff have no person
    # record (409); the other sub-district does not find the class (404).
    ("POST", "/training/classes/{pk}/enrol"): Case(
        "post",
        [Target({"jobseeker"}, upcoming, status=201, answers={**dict.fromkeys(STAFF, 409), "worker": 409})],
        gate=ANY_USER,
    ),
    ("GET", "/training/enrolments/me"): Case(targets=[Target(ANY_USER, setup)]),
    ("GET", "/training/certificates/{pk}"): Case(targets=[Target(EVERYONE, number_in_api, leak=JOBSEEKER, sees=set())]),
}
