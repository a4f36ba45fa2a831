"""A job and its files are its owner's alone: what it made was scoped to them."""

import uuid

from django.db.models import QuerySet
from django.http import Http404

from jiedao.accounts.actor import Actor
from jiedao.jobs.models import Job
from jiedao.jobs.services import Handler, kind_of, mark_stale


def _own(actor: Actor) -> QuerySet[Job]:
    if actor.user is None or actor.subdistrict_id is None:
        return Job.objects.none()
    return Job.objects.filter(owner=actor.user, subdistrict_id=actor.subdistrict_id)


def job_for_actor(actor: Actor, pk: uuid.UUID | str) -> Job:
    job = _own(actor).filter(pk=pk).first()
    if job is None:
        raise Http404
    return mark_stale(job)


def jobs_of(actor: Actor) -> list[Job]:
    """The person's recent jobs, newest first (a short list: finished jobs are purged)."""
    return [mark_stale(job) for job in _own(actor)[:50]]


def latest_job(actor: Actor, handler: Handler, **params: object) -> Job | None:
    """The actor's latest job of ``handler`` whose parameters include ``params``
    (the page that started it links to it: "the certificates you issued")."""
    lookups = {f"params__{name}": value for name, value in params.items()}
    job = _own(actor).filter(kind=kind_of(handler), **lookups).order_by("-created_at").first()
    return mark_stale(job) if job is not None else None
