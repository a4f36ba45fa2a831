"""Access rows of employment services (``jiedao/employment``).

The labour office registers job seekers and records guidance, referrals and
follow-ups; the sub-district admin reads the same pages and posts nothing (the write
pages are gated to the labour office: 403); every other role is refused by the gate
(403); the other sub-district's admin passes the read gate and finds nothing of 凉城
(404). A resident opens their own page, which shows only their own registration.
"""

from typing import Any

from jiedao.employment.models import FollowUp, JobSeeker
from jiedao.employment.tests.conftest import enrol, make_class, seeker_of
from jiedao.testing import World
from tests.access.common import ANY_USER, Case, Target

READERS = {"admin", "labour"}
READ_GATE = READERS | {"other_admin"}
SEEKER = "李建国"


def seeker(w: World) -> dict[str, Any]:
    return {"pk": seeker_of(w).seeker.pk}


def referral(w: World) -> dict[str, Any]:
    return {"pk": seeker_of(w).referral.pk}


def follow_up(w: World) -> dict[str, Any]:
    """A follow-up of 李建国 after a 2020 class, come due and not done."""
    found = w.extras.get("employment_follow_up")
    if not isinstance(found, FollowUp):
        enrolment = enrol(w, make_class(w), w.people["jobseeker"])
        found = FollowUp.objects.create(subdistrict=w.liangcheng, enrolment=enrolment, offset_days=30)
        w.extras["employment_follow_up"] = found
    return {"pk": found.pk}


def with_follow_up(w: World) -> dict[str, Any]:
    follow_up(w)
    return {}


def closed_seeker(w: World) -> dict[str, Any]:
    """李建国's registration, closed (found work): for reopening."""
    found = seeker_of(w).seeker
    JobSeeker.objects.filter(pk=found.pk).update(closed_on="2020-10-01", closed_reason="employed")
    return {"pk": found.pk}


def with_seeker(w: World) -> dict[str, Any]:
    seeker_of(w)
    return {}


def _leak(w: World) -> str:
    return SEEKER


PAGES = {
    # The resident's own page: the job seeker sees their registration; nobody else's
    # page shows it.
    "employment:mine": Case(targets=[Target(ANY_USER, with_seeker, leak=_leak, sees={"jobseeker"})]),
    "employment:seekers": Case(targets=[Target(READ_GATE, with_seeker, leak=_leak, sees=READERS)]),
    "employment:seeker_create": Case(targets=[Target({"labour"})]),
    "employment:seeker": Case(targets=[Target(READERS, seeker, leak=_leak)], gate=READ_GATE),
    "employment:seeker_edit": Case(targets=[Target({"labour"}, seeker)]),
    "employment:guidance_create": Case(targets=[Target({"labour"}, seeker)]),
    "employment:referral_create": Case(targets=[Target({"labour"}, seeker)]),
    "employment:referral_outcome": Case(targets=[Target({"labour"}, referral)]),
    "employment:follow_ups": Case(targets=[Target(READ_GATE, with_follow_up, leak=_leak, sees=READERS)]),
    "employment:follow_ups_schedule": Case("post", [Target({"labour"}, status=302)]),
    "employment:follow_up": Case(targets=[Target({"labour"}, follow_up, leak=_leak)]),
    "employment:rates": Case(targets=[Target(READ_GATE, with_follow_up, leak=lambda w: "干花艺术插花", sees=READERS)]),
}


def _registration(w: World) -> dict[str, Any]:
    """王秀英 (``worker``), not registered yet."""
    return {
        "person": w.people["worker"].pk,
        "registered_on": "2020-09-01",
        "education": "senior",
        "availability": "full_time",
    }


def _result(w: World) -> dict[str, Any]:
    return {"outcome": "self_employed", "followed_up_on": "2020-12-01"}


def _referral(w: World) -> dict[str, Any]:
    return {"referred_on": "2020-09-20", "position": "花艺师助理", "employer_name": "凉城花艺工作室"}


def _guidance(w: World) -> dict[str, Any]:
    return {"held_on": "2020-09-20", "adviser": "周敏", "topic": "面试准备"}


def _close(w: World) -> dict[str, Any]:
    return {"closed_on": "2020-10-01", "closed_reason": "left"}


def _outcome(w: World) -> dict[str, Any]:
    return {"outcome": "hired", "outcome_on": "2020-09-25", "close_registration": True}


# Writes are the labour office's: the admin reads but is refused by the write gate (403)
# like every other role.
API: dict[tuple[str, str], Case] = {
    ("GET", "/employment/follow-ups"): Case(targets=[Target(READ_GATE, with_follow_up, leak=_leak, sees=READERS)]),
    ("POST", "/employment/follow-ups/{pk}"): Case(
        "post", [Target({"labour"}, follow_up, data=_result, leak=_leak)], gate={"labour"}
    ),
    ("GET", "/employment/seekers"): Case(targets=[Target(READ_GATE, with_seeker, leak=_leak, sees=READERS)]),
    ("GET", "/employment/seekers/{pk}"): Case(targets=[Target(READERS, seeker, leak=_leak)], gate=READ_GATE),
    ("POST", "/employment/seekers"): Case("post", [Target({"labour"}, data=_registration, status=201)]),
    ("POST", "/employment/seekers/{pk}/close"): Case("post", [Target({"labour"}, seeker, data=_close, leak=_leak)]),
    ("POST", "/employment/seekers/{pk}/reopen"): Case("post", [Target({"labour"}, closed_seeker, leak=_leak)]),
    ("GET", "/employment/seekers/{pk}/guidance"): Case(
        targets=[Target(READERS, seeker, leak=lambda w: "求职简历与面试")], gate=READ_GATE
    ),
    ("POST", "/employment/seekers/{pk}/guidance"): Case(
        "post", [Target({"labour"}, seeker, data=_guidance, status=201)]
    ),
    ("POST", "/employment/seekers/{pk}/referrals"): Case(
        "post", [Target({"labour"}, seeker, data=_referral, status=201)]
    ),
    ("POST", "/employment/referrals/{pk}/outcome"): Case("post", [Target({"labour"}, referral, data=_outcome)]),
}
