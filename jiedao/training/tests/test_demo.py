"""The training demo step: the 2020 class of 45 job seekers with its attendance,
works, certificates and claims, and an upcoming class open for enrolment; once."""

import pytest

from jiedao.demo.loader import DemoContext, registered_steps
from jiedao.testing import World, build_world
from jiedao.training import services
from jiedao.training.demo_steps import CLASS_2020, CLASS_NEXT, load_training
from jiedao.training.models import CompletionCertificate, Enrolment, SubsidyClaim, TrainingClass, Work
from jiedao.training.tests.helpers import make_job_seeker

pytestmark = pytest.mark.django_db


def test_the_step_is_registered() -> None:
    assert "training" in [s.name for s in registered_steps()]


def _context(world: World) -> DemoContext:
    ctx = DemoContext(subdistrict=world.liangcheng)
    ctx.units = {world.school.name: world.school}
    ctx.users = dict(world.users)
    ctx.people = {"jobseeker": world.people["jobseeker"]}
    return ctx


def test_the_2020_class_and_the_upcoming_one_once() -> None:
    world = build_world()
    for _ in range(50):
        make_job_seeker(world)
    ctx = _context(world)
    load_training(ctx)
    c = TrainingClass.objects.get(name=CLASS_2020)
    assert c.activity.sessions.count() == 4 and c.ends_on is not None and c.ends_on.year == 2020
    enrolments = Enrolment.objects.filter(training_class=c)
    assert enrolments.count() == 45
    assert enrolments.filter(status="not_completed").count() == 4
    mine = enrolments.get(person=world.people["jobseeker"])
    assert mine.status == "completed" and CompletionCertificate.objects.filter(enrolment=mine).exists()
    assert CompletionCertificate.objects.filter(enrolment__training_class=c).count() == 41
    assert Work.objects.filter(enrolment__training_class=c).count() == 45 * 4
    statuses = set(SubsidyClaim.objects.values_list("status", flat=True))
    assert statuses == {"applied", "reviewed", "paid", "rejected"}
    upcoming = TrainingClass.objects.get(name=CLASS_NEXT)
    assert services.is_open(upcoming)
    again = _context(world)
    load_training(again)
    assert not again.created
    assert Enrolment.objects.filter(training_class=c).count() == 45


def test_without_the_school_it_warns() -> None:
    world = build_world()
    ctx = DemoContext(subdistrict=world.liangcheng)
    load_training(ctx)
    assert ctx.warnings and not TrainingClass.objects.exists()
