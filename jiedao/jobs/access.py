"""A job and its files are its owner's alone: what it made was scoped to them."""

import uuid

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.http.response import HttpResponseBase

from jiedao.accounts.actor import Actor
from jiedao.core.downloads import protected_file_response
from jiedao.jobs.models import Job
from jiedao.jobs.services import Handler, handler_of, kind_of, mark_stale


def _own(actor: Actor) -> QuerySet[Job]:
    if actor.user is None or actor.subdistrict_id is None:
        return Job.objects.none()
    return Job.objects.filter(owner=actor.user, subdistrict_id=actor.subdistrict_id)


def job_for_actor(actor: Actor, pk: uuid.UUID | str) -> Job:
    """The actor's own job ``pk`` (404 for anyone else's); 403 once the owner no
    longer holds the roles its function names (``long_job(readers=…)``)."""
    job = _own(actor).filter(pk=pk).first()
    if job is None:
        raise Http404
    try:
        readers: frozenset[str] = getattr(handler_of(job), "job_readers", frozenset())
    except (ImportError, TypeError):  # a function since renamed: its job is read as it was
        readers = frozenset()
    if readers and not actor.has_role(*readers):
        raise PermissionDenied
    return mark_stale(job)


def result_of(job: Job) -> HttpResponseBase:
    """The job's file (404 until it is done), for its owner's page or API call."""
    if job.status != Job.Status.DONE or not job.result:
        raise Http404
    return protected_file_response(job.result, filename=job.result_name, inline=False, max_age=0)


def jobs_of(actor: Actor) -> list[Job]:
    """The person's recent jobs, newest first (a short list: finished jobs are purged)."""
    return [mark_stale(job) for job in _own(actor)[:50]]


def latest_job(actor: Actor, handler: Handler, **params: object) -> Job | None:
    """The actor's latest job of ``handler`` whose parameters include ``params``
    (the page that started it links to it: "the certificates you issued")."""
    lookups = {f"params__{name}": value for name, value in params.items()}
    job = _own(actor).filter(kind=kind_of(handler), **lookups).order_by("-created_at").first()
    return mark_stale(job) if job is not None else None
