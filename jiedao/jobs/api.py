"""/api/v1/jobs: a long job the caller started (an import, an export, certificates),
polled until ``status`` is ``done`` or ``failed``; its file at ``/jobs/{id}/result``.
A job is its owner's alone: anyone else gets 404."""

import datetime as dt
import uuid

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from ninja import Router
from pydantic import BaseModel

from jiedao.accounts.policy import request_actor, signed_in
from jiedao.jobs.access import job_for_actor, result_of
from jiedao.jobs.models import Job

router = Router(tags=["jobs"])


class JobOut(BaseModel):
    id: uuid.UUID
    title: str
    status: str
    progress_done: int
    progress_total: int
    message: str
    problems: list[str]
    result_name: str
    result_url: str | None
    created_at: dt.datetime
    finished_at: dt.datetime | None


def _out(job: Job) -> JobOut:
    return JobOut(
        id=job.pk,
        title=job.title,
        status=job.status,
        progress_done=job.progress_done,
        progress_total=job.progress_total,
        message=job.message,
        problems=job.problems,
        result_name=job.result_name,
        result_url=f"/api/v1/jobs/{job.pk}/result" if job.result else None,
        created_at=job.created_at,
        finished_at=job.finished_at,
    )


@router.get("/{uuid:job_id}", response=JobOut, summary="后台任务的状态")
@signed_in
def job_detail(request: HttpRequest, job_id: uuid.UUID) -> JobOut:
    return _out(job_for_actor(request_actor(request), job_id))


@router.get("/{uuid:job_id}/result", summary="后台任务的结果文件")
@signed_in
def job_result(request: HttpRequest, job_id: uuid.UUID) -> HttpResponseBase:
    return result_of(job_for_actor(request_actor(request), job_id))
