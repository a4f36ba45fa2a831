"""The demo steps: registrations for the registry's job seekers, guidance and
referrals, the follow-ups of the 2020 干花艺术插花 class — each once."""

import datetime as dt

import pytest
from time_machine import TimeMachineFixture

from jiedao.demo.loader import DemoContext, registered_steps
from jiedao.employment.demo_steps import load_follow_ups, load_job_seekers, load_placements
from jiedao.employment.models import FollowUp, GuidanceSession, JobReferral, JobSeeker
from jiedao.employment.tests.conftest import make_class, trainees
from jiedao.testing import World, make_person

pytestmark = pytest.mark.django_db


def test_the_steps_are_registered_in_order() -> None:
    names = [s.name for s in registered_steps()]
    assert names.index("employment_follow_ups") > max(names.index("employment"), names.index("training"))


def test_job_seekers_registered_once_with_guidance_and_referrals(world: World) -> None:
    for i in range(5):
        make_person(world.liangcheng, f"求职者{'甲乙丙丁戊'[i]}", roles={"is_job_seeker"})
    ctx = DemoContext(subdistrict=world.liangcheng, people={"jobseeker": world.people["jobseeker"]})
    load_job_seekers(ctx)
    assert ctx.created["employment.jobseeker"] == 6
    mine = JobSeeker.objects.get(person=world.people["jobseeker"])
    assert GuidanceSession.objects.filter(job_seeker=mine).exists()
    assert JobReferral.objects.filter(job_seeker=mine).exists()
    again = DemoContext(subdistrict=world.liangcheng, people={"jobseeker": world.people["jobseeker"]})
    load_job_seekers(again)
    assert not again.created


def test_follow_ups_due_and_done_once(world: World, time_machine: TimeMachineFixture) -> None:
    time_machine.move_to(dt.datetime(2021, 12, 1, 2, tzinfo=dt.UTC))
    trainees(world, 10, make_class(world))
    ctx = DemoContext(subdistrict=world.liangcheng)
    load_follow_ups(ctx)
    assert ctx.created["employment.followup"] == 30
    outcomes = set(FollowUp.objects.values_list("outcome", flat=True))
    assert outcomes == {"unknown", "employed", "self_employed", "further_training", "not_employed", "unreachable"}
    before = list(FollowUp.objects.values_list("pk", "outcome").order_by("pk"))
    again = DemoContext(subdistrict=world.liangcheng)
    load_follow_ups(again)
    assert not again.created
    assert list(FollowUp.objects.values_list("pk", "outcome").order_by("pk")) == before


def test_placements_close_hired_job_seekers_outside_classes_once(world: World) -> None:
    people = [make_person(world.liangcheng, f"求职者{'甲乙丙'[i]}", roles={"is_job_seeker"}) for i in range(3)]
    ctx = DemoContext(subdistrict=world.liangcheng, people={"jobseeker": world.people["jobseeker"]})
    load_job_seekers(ctx)
    hired_on = dt.date(2020, 12, 1)
    for person in (people[0], world.people["jobseeker"]):
        JobReferral.objects.create(
            subdistrict=world.liangcheng,
            job_seeker=JobSeeker.objects.get(person=person),
            referred_on=dt.date(2020, 11, 20),
            employer_name="凉城花艺工作室",
            position="花艺师助理",
            outcome=JobReferral.Outcome.HIRED,
            outcome_on=hired_on,
        )
    placements = DemoContext(
        subdistrict=world.liangcheng,
        people={"jobseeker": world.people["jobseeker"]},
        users={"labour": world.users["labour"]},
    )
    load_placements(placements)
    load_placements(placements)  # again: nothing more
    closed = JobSeeker.objects.select_related("person").get(person=people[0])
    assert (closed.closed_on, closed.closed_reason, closed.person.is_job_seeker) == (hired_on, "employed", False)
    assert JobSeeker.objects.get(person=world.people["jobseeker"]).is_open  # the persona (李建国) stays registered
    assert JobSeeker.objects.filter(closed_on__isnull=False).count() == 1
