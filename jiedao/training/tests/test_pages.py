"""The desk from referral to certificate through the pages, and the resident's phone page."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from jiedao.testing import PASSWORD, World, build_world
from jiedao.training import services
from jiedao.training.models import Course, Enrolment, TrainingClass
from jiedao.training.tests.helpers import TrainingSetup, build_training, make_job_seeker

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return build_world()


def test_labour_sets_up_a_course_and_a_class_and_refers(client: Client, world: World) -> None:
    setup = build_training(world)
    assert client.login(username="labour", password=PASSWORD)
    r = client.post(
        reverse("training:course_create"),
        {
            "name": "中式面点",
            "grade": "level5",
            "prescribed_hours": "40",
            "completion_share": "0.8",
            "capacity": "20",
            "eligibility": "open",
            "required_works": "包子\n花卷\n",
        },
    )
    assert r.status_code == 302
    course = Course.objects.get(name="中式面点")
    assert [w.name for w in course.required_works.all()] == ["包子", "花卷"]
    assert services.rule_for(course.subdistrict_id, course.grade, None).amount == 1500
    # Bad input: a clear message on the page, 400, nothing stored.
    r = client.post(
        reverse("training:course_create"),
        {
            "name": "中式面点",
            "grade": "level5",
            "prescribed_hours": "0",
            "completion_share": "1",
            "capacity": "20",
            "eligibility": "open",
        },
    )
    assert r.status_code == 400 and "已有同名的培训项目" in r.content.decode()
    r = client.post(
        reverse("training:class_create"),
        {
            "course": course.pk,
            "provider": setup.provider.pk,
            "name": "面点一班",
            "place": "理想学校",
            "offer_hours": "48",
        },
    )
    c = TrainingClass.objects.get(name="面点一班")
    assert r.status_code == 302 and r.headers["Location"] == reverse("training:class_detail", args=[c.pk])
    start = timezone.localtime() + dt.timedelta(days=5)
    r = client.post(
        reverse("training:session_create", args=[c.pk]),
        {"starts_at": start.strftime("%Y-%m-%dT09:00"), "ends_at": start.strftime("%Y-%m-%dT12:00"), "hours": "3"},
    )
    assert r.status_code == 302
    person_id = make_job_seeker(world)
    r = client.post(reverse("training:refer", args=[c.pk]), {"person": person_id})
    assert r.status_code == 302
    assert Enrolment.objects.get(training_class=c, person_id=person_id).status == "enrolled"
    page = client.get(reverse("training:class_detail", args=[c.pk]))
    assert page.status_code == 200 and "面点一班" in page.content.decode()


def test_provider_sees_its_classes_and_the_qr_screen(client: Client, world: World) -> None:
    setup = build_training(world)
    assert client.login(username="lixiang", password=PASSWORD)
    assert "插花一班" in client.get(reverse("training:index")).content.decode()
    session = setup.upcoming.activity.sessions.first()
    assert session is not None
    page = client.get(reverse("training:session_qr", args=[session.pk]) + "?mode=out")
    assert page.status_code == 200 and "扫码签退" in page.content.decode()
    assert page["Cache-Control"] == "no-store"


def test_resident_applies_on_the_phone_page(client: Client, world: World) -> None:
    setup: TrainingSetup = build_training(world)
    assert client.login(username="jobseeker", password=PASSWORD)
    page = client.get(reverse("training:mine")).content.decode()
    assert "插花一班" in page and "插花二班" in page and "结业证书" in page
    r = client.post(reverse("training:apply", args=[setup.upcoming.pk]), {"wait": "on"})
    assert r.status_code == 302
    assert Enrolment.objects.get(training_class=setup.upcoming, person=world.people["jobseeker"]).status == "enrolled"
    pdf = client.get(reverse("training:my_certificate", args=[setup.certificate.pk]))
    assert pdf.content.startswith(b"%PDF")
