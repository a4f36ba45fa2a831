"""The API's answers and the pages' files: shapes, statuses, exports, the masked
verification, EXIF stripped from a work's photo; query counts pinned at two sizes."""

import datetime as dt
import io
import zipfile
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from jiedao.accounts.tokens import token_issue
from jiedao.core.spreadsheets import first_sheet_rows
from jiedao.jobs.models import Job
from jiedao.testing import PASSWORD, World, build_world
from jiedao.training import services
from jiedao.training.models import TrainingClass, Work
from jiedao.training.tests.helpers import (
    TrainingSetup,
    actor,
    add_session,
    build_training,
    jpeg_upload,
    make_job_seeker,
    seat,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return build_world()


@pytest.fixture
def setup(world: World) -> TrainingSetup:
    return build_training(world)


def auth(world: World, key: str) -> dict[str, Any]:
    raw, _ = token_issue(user=world.users[key])
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_catalogue_and_open_classes(client: Client, world: World, setup: TrainingSetup) -> None:
    h = auth(world, "worker")
    courses = client.get("/api/v1/training/courses", **h).json()
    assert courses["count"] == 1
    assert courses["items"][0]["required_works"] == ["干花密封罐", "干花花环"]
    assert courses["items"][0]["grade"] == "special"
    every = client.get("/api/v1/training/classes", **h).json()
    assert every["count"] == 2
    open_ = client.get("/api/v1/training/classes", {"open": "true"}, **h).json()
    assert [c["id"] for c in open_["items"]] == [setup.upcoming.pk]
    item = open_["items"][0]
    assert {"id", "course", "provider", "starts_on", "sessions", "capacity", "enrolled"} <= set(item)
    assert item["course"] == "干花艺术插花" and item["provider"] == "上海理想职业技能培训学校"
    assert len(item["sessions"]) == 2 and item["sessions"][0]["hours"] == "4.0"


def test_enrol_201_then_200_then_409s(client: Client, world: World, setup: TrainingSetup) -> None:
    url = f"/api/v1/training/classes/{setup.upcoming.pk}/enrol"
    r = client.post(url, **auth(world, "jobseeker"))
    assert r.status_code == 201 and r.json()["status"] == "enrolled" and r.json()["source"] == "application"
    r = client.post(url, **auth(world, "jobseeker"))
    assert r.status_code == 200
    r = client.post(url, **auth(world, "worker"))
    assert r.status_code == 409 and r.json()["code"] == "not_eligible"
    for _ in range(2):
        seat(setup.upcoming, make_job_seeker(world))
    world.people["worker"].is_job_seeker = True
    world.people["worker"].save()
    r = client.post(url, **auth(world, "worker"))
    assert r.status_code == 409 and r.json()["code"] == "class_full"
    r = client.post(f"/api/v1/training/classes/{setup.past.pk}/enrol", **auth(world, "worker"))
    assert r.status_code == 409 and r.json()["code"] == "class_closed"


def test_my_enrolments(client: Client, world: World, setup: TrainingSetup) -> None:
    body = client.get("/api/v1/training/enrolments/me", **auth(world, "jobseeker")).json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item["class"]["name"] == "插花一班"
    assert item["hours_attended"] == "8.0" and item["hours_required"] == "8.0"
    assert item["completed"] is True and item["certificate_number"] == setup.certificate.number
    assert {w["mark"] for w in item["works"]} == {"passed"}
    assert client.get("/api/v1/training/enrolments/me", **auth(world, "worker")).json() == {"items": [], "count": 0}


def test_public_verification(client: Client, world: World, setup: TrainingSetup) -> None:
    number = setup.certificate.number
    body = client.get(f"/api/v1/training/certificates/{number.lower()}").json()
    assert body["valid"] is True and body["name"] == "李*国" and body["hours"] == "8.0"
    assert client.get("/api/v1/training/certificates/PX2020-0000000000").status_code == 404
    page = client.get(reverse("training:verify", args=[number]))
    assert "李*国" in page.content.decode() and "李建国" not in page.content.decode()
    services.revoke_certificate(actor=actor(world, "labour"), certificate=setup.certificate, reason="材料不实")
    assert client.get(f"/api/v1/training/certificates/{number}").json()["valid"] is False
    assert "此证书已撤销" in client.get(reverse("training:verify", args=[number])).content.decode()


def test_files_roster_sheet_certificates_ledger(client: Client, world: World, setup: TrainingSetup) -> None:
    assert client.login(username="lixiang", password=PASSWORD)
    roster = client.get(reverse("training:roster_xlsx", args=[setup.past.pk]))
    rows = list(first_sheet_rows(io.BytesIO(roster.content)))
    assert rows[1][1] == "李建国" and "*" in str(rows[1][2])
    session = setup.past.activity.sessions.first()
    assert session is not None
    sheet = client.get(reverse("training:session_sheet", args=[session.pk]))
    assert sheet.status_code == 200 and sheet.content.startswith(b"%PDF")
    pdf = client.get(reverse("training:certificate_pdf", args=[setup.certificate.pk]))
    assert pdf.content.startswith(b"%PDF")
    # 批量颁发 is a long job: the page sends the person to the job, which offers the zip,
    # and the class page links to it.
    started = client.post(reverse("training:certificates_zip", args=[setup.past.pk]))
    job = Job.objects.get(owner=world.users["lixiang"])
    assert started.status_code == 302 and started["Location"] == job.get_absolute_url()
    assert job.status == Job.Status.DONE and job.message == "共1张结业证书，其中本次新颁发0张。"
    archive = b"".join(client.get(reverse("jobs:result", args=[job.pk])).streaming_content)  # type: ignore[attr-defined]
    assert zipfile.ZipFile(io.BytesIO(archive)).namelist() == [f"{setup.certificate.number}-李建国.pdf"]
    assert job.get_absolute_url() in client.get(reverse("training:class_detail", args=[setup.past.pk])).content.decode()
    assert client.get(reverse("training:ledger")).status_code == 403
    client.logout()
    assert client.login(username="labour", password=PASSWORD)
    services.claim_create(actor=actor(world, "labour"), external_certificate=setup.external)
    ledger = client.get(reverse("training:ledger_xlsx"))
    rows = list(first_sheet_rows(io.BytesIO(ledger.content)))
    assert rows[1][0] == "上海理想职业技能培训学校" and float(rows[1][2]) == 1000.0


def test_a_work_photo_loses_its_exif_and_gets_a_thumbnail(world: World, setup: TrainingSetup) -> None:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x8825] = {2: (31.0, 17.0, 0.0)}  # GPS
    work = services.record_work(
        actor=actor(world, "lixiang"),
        enrolment=setup.enrolment,
        required_work=setup.course.required_works.order_by("position").last(),
        photo=jpeg_upload(exif=exif.tobytes()),
        mark=Work.Mark.PASSED,
    )
    with work.photo.open("rb") as f, Image.open(f) as stored:
        assert not stored.getexif()
    with work.thumbnail.open("rb") as f, Image.open(f) as thumb:
        assert max(thumb.size) <= 320


def _queries(client: Client, url: str, **extra: Any) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **extra)
    assert response.status_code == 200, response.content[:300]
    return len(captured)


# (persona, url maker, queries) — the same at two sizes of the class.
PAGES = [
    ("lixiang", lambda s: reverse("training:index"), 4),
    ("lixiang", lambda s: reverse("training:class_detail", args=[s.past.pk]), 18),
    ("lixiang", lambda s: reverse("training:enrolment", args=[s.enrolment.pk]), 16),
    ("labour", lambda s: reverse("training:ledger"), 5),
    ("labour", lambda s: reverse("training:rules"), 7),
    ("labour", lambda s: reverse("training:courses"), 7),
    ("jobseeker", lambda s: reverse("training:mine"), 11),
]
API = [
    ("/api/v1/training/courses", 4),
    ("/api/v1/training/classes", 4),
    ("/api/v1/training/enrolments/me", 8),
]


@pytest.mark.parametrize(("who", "url", "expected"), PAGES)
def test_page_queries_do_not_grow(client: Client, who: str, url: Any, expected: int) -> None:
    world = build_world()
    setup = build_training(world)
    TrainingClass.objects.update(capacity=50)
    assert client.login(username=who, password=PASSWORD)
    client.get(url(setup))  # warm: the session's first read
    first = _queries(client, url(setup))
    for _ in range(6):
        e = seat(setup.past, make_job_seeker(world))
        Work.objects.create(
            subdistrict=world.liangcheng, enrolment=e, required_work=setup.course.required_works.all()[0]
        )
    assert (first, _queries(client, url(setup))) == (expected, expected)


@pytest.mark.parametrize(("url", "expected"), API)
def test_api_queries_do_not_grow(client: Client, url: str, expected: int) -> None:
    world = build_world()
    setup = build_training(world)
    h = auth(world, "jobseeker")
    client.get(url, **h)  # warm: the token's first use
    first = _queries(client, url, **h)
    labour = actor(world, "labour")
    services.course_create(
        actor=labour, name="茶艺", grade="level5", prescribed_hours=Decimal(8), required_works=["茶具", "冲泡"]
    )
    third = services.class_create(
        actor=labour, course=setup.course, provider=setup.provider, name="插花三班", place="理想学校"
    )
    add_session(third, labour, timezone.now() + dt.timedelta(days=30))
    services.enrol(actor=labour, training_class=third, person=world.people["jobseeker"])
    services.enrol(actor=labour, training_class=setup.upcoming, person=world.people["jobseeker"])
    assert (first, _queries(client, url, **h)) == (expected, expected)
