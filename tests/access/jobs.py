"""Access rows of long jobs (``jiedao/jobs``): a job, its page and its file are its
owner's alone; every other signed-in user finds nothing (404)."""

from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from jiedao.jobs.models import Job
from jiedao.testing import World
from tests.access.common import ANY_USER, Case, Target


def admins_job(w: World) -> dict[str, Any]:
    """A finished job of the sub-district admin, with its result file."""
    job = Job.objects.create(
        subdistrict=w.liangcheng,
        owner=w.users["admin"],
        kind="jiedao.jobs.tests.sample_jobs.count_lines",
        title="导出测试",
        status=Job.Status.DONE,
        message="完成",
        finished_at=timezone.now(),
    )
    job.result.save(f"{job.pk}.txt", ContentFile(b"result"), save=False)
    job.result_name = "结果.txt"
    job.save(update_fields=["result", "result_name"])
    return {"pk": job.pk}


OWNER = {"admin"}

PAGES = {
    "jobs:mine": Case(targets=[Target(ANY_USER)]),
    "jobs:detail": Case(targets=[Target(OWNER, admins_job)], gate=ANY_USER),
    "jobs:result": Case(targets=[Target(OWNER, admins_job)], gate=ANY_USER),
}

API = {
    ("GET", "/jobs/{pk}"): Case(targets=[Target(OWNER, admins_job)], gate=ANY_USER),
    ("GET", "/jobs/{pk}/result"): Case(targets=[Target(OWNER, admins_job)], gate=ANY_USER),
}
