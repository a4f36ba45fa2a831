"""The page a long job's owner watches (it polls while the job runs) and its file."""

import uuid

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone

from jiedao.accounts.policy import request_actor, signed_in
from jiedao.jobs.access import job_for_actor, jobs_of, result_of
from jiedao.jobs.models import Job

POLL_SECONDS = 2
# A job still queued after this long suggests no worker is running: the page says so.
QUEUED_HINT_SECONDS = 60


def _context(job: Job) -> dict[str, object]:
    waited = (timezone.now() - job.created_at).total_seconds()
    return {
        "job": job,
        "poll": POLL_SECONDS,
        "no_worker": job.status == Job.Status.QUEUED and waited > QUEUED_HINT_SECONDS,
    }


@signed_in
def detail(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    job = job_for_actor(request_actor(request), pk)
    template = "jobs/_status.html" if request.headers.get("HX-Request") else "jobs/detail.html"
    return render(request, template, _context(job))


@signed_in
def result(request: HttpRequest, pk: uuid.UUID) -> HttpResponseBase:
    return result_of(job_for_actor(request_actor(request), pk))


@signed_in
def mine(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "jobs/mine.html",
        {"jobs": jobs_of(request_actor(request)), "retention": settings.JIEDAO_JOB_RETENTION_DAYS},
    )
