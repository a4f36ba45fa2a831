"""Long jobs: started from a page, run by the worker as their owner, watched and
downloaded by their owner only, refused or crashed cleanly, purged after a while."""

import datetime as dt
import uuid

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django import Settings

from jiedao.accounts.actor import actor_for
from jiedao.core.errors import TooMany
from jiedao.core.models import AuditEntry
from jiedao.jobs.models import Job
from jiedao.jobs.services import MAX_UNFINISHED, execute, purge_finished, start_job
from jiedao.jobs.tests import sample_jobs
from jiedao.testing import World

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
QUEUE_ONLY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture(autouse=True)
def media(settings: Settings, tmp_path: object) -> None:
    settings.MEDIA_ROOT = str(tmp_path)


def _start(world: World, handler: object = sample_jobs.count_lines, **params: object) -> Job:
    return start_job(
        actor=actor_for(world.users["admin"]),
        handler=handler,  # type: ignore[arg-type]
        title="导出测试",
        params=params,
        back_url="/people/",
    )


@pytest.mark.django_db
def test_a_job_runs_and_its_owner_downloads_the_result(settings: Settings, world: World, client: Client) -> None:
    settings.TASKS = IMMEDIATE
    job = _start(world, lines=4)
    job.refresh_from_db()
    assert (job.status, job.message, job.progress_done, job.progress_total) == ("done", "4 lines", 4, 4)
    assert job.finished_at is not None and job.started_at is not None

    client.force_login(world.users["admin"])
    page = client.get(reverse("jobs:detail", kwargs={"pk": job.pk}))
    assert "4 lines" in page.content.decode() and "hx-trigger" not in page.content.decode()
    download = client.get(reverse("jobs:result", kwargs={"pk": job.pk}))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"line 0\nline 1\nline 2\nline 3"  # type: ignore[attr-defined]
    assert "attachment" in download["Content-Disposition"] and "no-store" not in download["Cache-Control"]

    client.force_login(world.users["union"])  # another staff member of the same office tree
    assert client.get(reverse("jobs:detail", kwargs={"pk": job.pk})).status_code == 404
    assert client.get(reverse("jobs:result", kwargs={"pk": job.pk})).status_code == 404


@pytest.mark.django_db
def test_a_waiting_job_page_polls_and_shows_progress(settings: Settings, world: World, client: Client) -> None:
    settings.TASKS = QUEUE_ONLY
    job = _start(world)
    Job.objects.filter(pk=job.pk).update(
        status="running", started_at=timezone.now(), progress_done=3, progress_total=12
    )
    client.force_login(world.users["admin"])
    body = client.get(reverse("jobs:detail", kwargs={"pk": job.pk})).content.decode()
    assert 'hx-trigger="every 2s"' in body and 'aria-valuenow="25"' in body and "3 / 12" in body
    partial = client.get(reverse("jobs:detail", kwargs={"pk": job.pk}), headers={"HX-Request": "true"})
    assert partial.content.decode().startswith('<div id="job-status"')
    assert client.get(reverse("jobs:result", kwargs={"pk": job.pk})).status_code == 404  # nothing to download yet


@pytest.mark.django_db
def test_a_job_queued_for_long_says_the_worker_may_be_down(settings: Settings, world: World, client: Client) -> None:
    settings.TASKS = QUEUE_ONLY
    job = _start(world)
    client.force_login(world.users["admin"])
    assert "后台进程可能未运行" not in client.get(job.get_absolute_url()).content.decode()
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=2)):
        assert "后台进程可能未运行" in client.get(job.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_a_refusal_becomes_the_message_and_its_problems(settings: Settings, world: World) -> None:
    settings.TASKS = IMMEDIATE
    job = _start(world, handler=sample_jobs.refuse)
    job.refresh_from_db()
    assert job.status == "failed" and job.message == "文件中有 2 处错误。"
    assert job.problems == ["第2行：身份证号不正确。", "第5行：缺少姓名。"] and not job.result


@pytest.mark.django_db
def test_a_crash_keeps_nothing_half_written_and_says_so_plainly(
    settings: Settings, world: World, caplog: pytest.LogCaptureFixture
) -> None:
    settings.TASKS = IMMEDIATE
    job = _start(world, handler=sample_jobs.write_then_crash)
    job.refresh_from_db()
    assert job.status == "failed" and "已记录" in job.message and "boom" not in job.message
    assert not AuditEntry.objects.filter(object_type="jobs.sample").exists()
    assert "boom" in caplog.text


@pytest.mark.django_db
def test_only_marked_functions_are_started(world: World) -> None:
    with pytest.raises(TypeError):
        _start(world, handler=sample_jobs.not_marked)


@pytest.mark.django_db
def test_the_same_job_twice_is_one_job_and_a_person_has_few_at_once(settings: Settings, world: World) -> None:
    settings.TASKS = QUEUE_ONLY
    first = _start(world, lines=1)
    assert _start(world, lines=1).pk == first.pk  # a double click
    for n in range(2, MAX_UNFINISHED + 1):
        _start(world, lines=n)
    with pytest.raises(TooMany) as refused:
        _start(world, lines=99)
    assert refused.value.code == "too_many_jobs"
    assert Job.objects.filter(owner=world.users["admin"]).count() == MAX_UNFINISHED


@pytest.mark.django_db
def test_a_job_runs_once_and_as_its_owner_is_now(settings: Settings, world: World) -> None:
    settings.TASKS = QUEUE_ONLY
    job = _start(world)
    execute(str(job.pk))
    execute(str(job.pk))  # a second delivery of the same task changes nothing
    job.refresh_from_db()
    assert job.status == "done"
    finished = job.finished_at

    gone = _start(world, lines=7)
    world.users["admin"].is_active = False
    world.users["admin"].save(update_fields=["is_active"])
    execute(str(gone.pk))
    gone.refresh_from_db()
    assert gone.status == "failed" and "停用" in gone.message
    job.refresh_from_db()
    assert job.finished_at == finished


@pytest.mark.django_db
def test_a_job_whose_worker_vanished_shows_failed(settings: Settings, world: World, client: Client) -> None:
    settings.TASKS = QUEUE_ONLY
    job = _start(world)
    Job.objects.filter(pk=job.pk).update(status="running", started_at=timezone.now() - dt.timedelta(hours=3))
    client.force_login(world.users["admin"])
    assert "任务中断" in client.get(job.get_absolute_url()).content.decode()
    assert Job.objects.get(pk=job.pk).status == "failed"


@pytest.mark.django_db
def test_finished_jobs_and_their_files_are_purged(settings: Settings, world: World, client: Client) -> None:
    settings.TASKS = IMMEDIATE
    settings.JIEDAO_JOB_RETENTION_DAYS = 7
    old = _start(world, lines=2)
    recent = _start(world, lines=5)
    old.refresh_from_db()
    path = old.result.path
    Job.objects.filter(pk=old.pk).update(finished_at=timezone.now() - dt.timedelta(days=8))
    assert purge_finished() == 1
    assert not Job.objects.filter(pk=old.pk).exists() and Job.objects.filter(pk=recent.pk).exists()
    import os

    assert not os.path.exists(path)


@pytest.mark.django_db
def test_the_api_reports_a_job_to_its_owner_only(settings: Settings, world: World, client: Client) -> None:
    from jiedao.accounts.tokens import token_issue

    settings.TASKS = IMMEDIATE
    job = _start(world, lines=2)
    raw, _ = token_issue(user=world.users["admin"])
    answer = client.get(f"/api/v1/jobs/{job.pk}", headers={"Authorization": f"Bearer {raw}"}).json()
    assert answer["status"] == "done" and answer["result_url"] == f"/api/v1/jobs/{job.pk}/result"
    other, _ = token_issue(user=world.users["party"])
    assert client.get(f"/api/v1/jobs/{job.pk}", headers={"Authorization": f"Bearer {other}"}).status_code == 404
    assert client.get(f"/api/v1/jobs/{uuid.uuid4()}", headers={"Authorization": f"Bearer {raw}"}).status_code == 404


@pytest.mark.django_db
def test_a_result_can_be_a_file_and_the_latest_job_is_found(settings: Settings, world: World) -> None:
    from jiedao.jobs.access import latest_job

    settings.TASKS = IMMEDIATE
    first = _start(world, handler=sample_jobs.spool, part=1)
    second = _start(world, handler=sample_jobs.spool, part=2)
    second.refresh_from_db()
    with second.result.open("rb") as stored:
        assert stored.read() == b"x" * 100_000
    admin = actor_for(world.users["admin"])
    assert latest_job(admin, sample_jobs.spool) == second
    assert latest_job(admin, sample_jobs.spool, part=1) == first
    assert latest_job(admin, sample_jobs.count_lines) is None
    assert latest_job(actor_for(world.users["party"]), sample_jobs.spool) is None


@pytest.mark.django_db
def test_a_job_with_readers_closes_to_an_owner_who_lost_the_role(
    settings: Settings, world: World, client: Client
) -> None:
    from django.core.exceptions import PermissionDenied

    from jiedao.accounts.models import RoleAssignment
    from jiedao.jobs.access import job_for_actor

    settings.TASKS = IMMEDIATE
    job = start_job(actor=actor_for(world.users["party"]), handler=sample_jobs.party_export, title="台账")
    client.force_login(world.users["party"])
    assert client.get(reverse("jobs:result", kwargs={"pk": job.pk})).status_code == 200
    RoleAssignment.objects.filter(user=world.users["party"], role="party_office").update(role="party_mass_centre")
    with pytest.raises(PermissionDenied):
        job_for_actor(actor_for(world.users["party"]), job.pk)


@pytest.mark.django_db
def test_a_function_that_returns_no_outcome_fails_the_job_plainly(settings: Settings, world: World) -> None:
    settings.TASKS = IMMEDIATE
    job = _start(world, handler=sample_jobs.not_an_outcome)
    job.refresh_from_db()
    assert job.status == "failed" and "已记录" in job.message


@pytest.mark.django_db
def test_a_job_that_never_finished_is_purged_too(settings: Settings, world: World) -> None:
    settings.TASKS = QUEUE_ONLY
    settings.JIEDAO_JOB_RETENTION_DAYS = 7
    stuck = _start(world, lines=9)
    Job.objects.filter(pk=stuck.pk).update(created_at=timezone.now() - dt.timedelta(days=8))
    fresh = _start(world, lines=10)
    assert purge_finished() == 1
    assert not Job.objects.filter(pk=stuck.pk).exists() and Job.objects.filter(pk=fresh.pk).exists()
    execute(str(stuck.pk))  # its task, delivered late, finds nothing to run
