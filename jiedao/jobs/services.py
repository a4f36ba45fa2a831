"""Starting a long job from a page and running it in the worker.

A programme marks the function that does the work with ``@long_job`` and starts it
with ``start_job(actor=…, handler=…, title=…)`` from its view; the view then sends
the person to ``job.get_absolute_url()``, a page that polls until the job is done
and offers its result. The function runs later in the django-tasks worker as the
person who started it (roles as they are then, so a role withdrawn meanwhile
refuses), gets a ``Run`` (its parameters, the uploaded file, ``progress()``) and
returns an ``Outcome``; a ``DomainError`` it raises becomes the job's message and
problems, anything else a generic message and a logged traceback. The function
writes in its own transaction (``transaction.atomic``) so that nothing stays half
written, and reports progress outside it, where the polling page can see it.
"""

import datetime as dt
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import IO, Any, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from jiedao.accounts.access import tenant_of
from jiedao.accounts.actor import Actor, actor_for
from jiedao.accounts.models import User
from jiedao.core.errors import DomainError, TooMany
from jiedao.jobs.models import Job

logger = logging.getLogger(__name__)

# Unfinished jobs one person may have at once: a double click or an impatient
# reload starts nothing new, and one person cannot fill the worker's queue.
MAX_UNFINISHED = 3
# A job running longer than this lost its worker (a restart, a kill): it is shown failed.
STALE_AFTER = dt.timedelta(hours=2)
PROGRESS_EVERY = 1.0  # seconds between progress writes
FAILED_MESSAGE = _lazy("任务执行出错，已记录。请稍后重试；仍不成功请联系管理员。")


@dataclass(frozen=True)
class Outcome:
    """What a finished job tells its owner, and the file it made (if any): bytes, or
    an open binary file (a temporary file for a result too large to hold in memory;
    read from its start, and closed once stored)."""

    message: str
    content: bytes | IO[bytes] | None = None
    filename: str = ""


class Run:
    """The job as its function sees it."""

    def __init__(self, job: Job, actor: Actor) -> None:
        self.job = job
        self.actor = actor
        self.params: dict[str, Any] = job.params
        self._written_at = 0.0

    def progress(self, done: int, total: int) -> None:
        """Tell the page how far along the job is (written at most once a second)."""
        now = time.monotonic()
        if now - self._written_at < PROGRESS_EVERY and done < total:
            return
        self._written_at = now
        Job.objects.filter(pk=self.job.pk).update(progress_done=min(done, total), progress_total=total)


Handler = Callable[[Run], Outcome]
H = TypeVar("H", bound=Handler)


def long_job(*, readers: Iterable[str] = ()) -> Callable[[H], H]:
    """Mark a function as a job's work; only marked functions are ever run by name.
    ``readers``: the roles the owner must still hold to open the job's page and file
    (an export made by the party office is not downloaded once its maker has moved to
    the union office); empty for a job whose owner may always read it."""

    def mark(handler: H) -> H:
        handler.is_long_job = True  # type: ignore[attr-defined]
        handler.job_readers = frozenset(readers)  # type: ignore[attr-defined]
        return handler

    return mark


def handler_of(job: Job) -> Handler:
    handler: Handler = import_string(job.kind)
    if not getattr(handler, "is_long_job", False):
        raise TypeError(f"{job.kind} is not a long job")
    return handler


def kind_of(handler: Handler) -> str:
    """The name a job of ``handler`` is stored under (its dotted path)."""
    if not getattr(handler, "is_long_job", False):
        raise TypeError(f"{handler!r} is not marked @long_job")
    return f"{handler.__module__}.{handler.__qualname__}"


def start_job(
    *,
    actor: Actor,
    handler: Handler,
    title: str,
    params: dict[str, Any] | None = None,
    upload: UploadedFile | None = None,
    back_url: str = "",
) -> Job:
    """Queue ``handler`` to run as ``actor``. The same job (kind and parameters)
    already waiting or running for this person is returned instead of a second one;
    beyond ``MAX_UNFINISHED`` a new one is refused."""
    from jiedao.jobs.tasks import run_job  # the task module imports this one

    kind, params = kind_of(handler), params or {}
    assert actor.user is not None
    with transaction.atomic():
        # The owner's row serialises their starts: two clicks at once make one job.
        User.objects.select_for_update().filter(pk=actor.user.pk).exists()
        unfinished = list(
            Job.objects.select_for_update()
            .filter(owner=actor.user, status__in=[Job.Status.QUEUED, Job.Status.RUNNING])
            .order_by("created_at")
        )
        live = [job for job in unfinished if not _stale(job)]
        for job in live:
            if job.kind == kind and job.params == params and upload is None:
                return job
        if len(live) >= MAX_UNFINISHED:
            raise TooMany(
                _("您已有%(count)d个后台任务尚未完成，请等它们完成后再提交。") % {"count": len(live)},
                code="too_many_jobs",
            )
        job = Job.objects.create(
            subdistrict_id=tenant_of(actor),
            owner=actor.user,
            kind=kind,
            title=title[:200],
            params=params,
            back_url=back_url,
        )
        if upload is not None:
            # Stored under the job's id: an uploaded file's own name never reaches the disk.
            suffix = PurePosixPath(upload.name or "").suffix.lower()[:10]
            job.upload.save(f"{job.pk}{suffix}", upload, save=True)
        # In the same transaction: with the database backend the task row commits with the job.
        run_job.enqueue(job_id=str(job.pk))
    return job


def _stale(job: Job) -> bool:
    return (
        job.status == Job.Status.RUNNING
        and job.started_at is not None
        and (timezone.now() - job.started_at > STALE_AFTER)
    )


def _finish(
    job: Job, status: str, *, message: str, problems: Iterable[str] = (), outcome: Outcome | None = None
) -> None:
    job.status = status
    job.message = message
    job.problems = [str(p) for p in problems][:500]
    job.finished_at = timezone.now()
    fields = ["status", "message", "problems", "finished_at"]
    if outcome is not None and outcome.content is not None:
        content = outcome.content
        if isinstance(content, bytes):
            file: File[Any] = ContentFile(content)
        else:
            content.seek(0)
            file = File(content)
        try:
            job.result.save(f"{job.pk}{PurePosixPath(outcome.filename).suffix.lower()[:10]}", file, save=False)
        finally:
            file.close()
        job.result_name = outcome.filename[:200]
        fields += ["result", "result_name"]
    if status == Job.Status.DONE and job.progress_total:
        job.progress_done = job.progress_total
        fields.append("progress_done")
    job.save(update_fields=fields)


def _problems(details: dict[str, Any]) -> list[str]:
    found = details.get("problems")
    return [str(p) for p in found] if isinstance(found, list) else []


def execute(job_id: str) -> None:
    """Run one queued job (the worker's task). A job already taken by another worker,
    or finished, is left alone."""
    taken = Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING, started_at=timezone.now()
    )
    if not taken:
        return
    job = Job.objects.select_related("owner").get(pk=job_id)
    try:
        _run(job)
    except Exception:  # storing the result failed (a full disk): the job must not stay "running"
        logger.exception("job %s (%s) could not be finished", job.pk, job.kind)
        job.refresh_from_db()
        _finish(job, Job.Status.FAILED, message=str(FAILED_MESSAGE))


def _run(job: Job) -> None:
    actor = actor_for(job.owner)
    if not job.owner.is_active or actor.subdistrict_id != job.subdistrict_id:
        _finish(job, Job.Status.FAILED, message=_("提交任务的账号已停用或已调离，任务未执行。"))
        return
    try:
        outcome = handler_of(job)(Run(job, actor))
        if not isinstance(outcome, Outcome):
            raise TypeError(f"{job.kind} returned {outcome!r}, not an Outcome")
    except DomainError as error:
        _finish(job, Job.Status.FAILED, message=error.message, problems=_problems(error.details))
    except ValidationError as error:
        _finish(job, Job.Status.FAILED, message=_("提交的内容有误。"), problems=error.messages)
    except Exception:
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        _finish(job, Job.Status.FAILED, message=str(FAILED_MESSAGE))
    else:
        _finish(job, Job.Status.DONE, message=outcome.message, outcome=outcome)


def mark_stale(job: Job) -> Job:
    """A job whose worker vanished shows as failed rather than running for ever."""
    if _stale(job):
        Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING).update(
            status=Job.Status.FAILED,
            finished_at=timezone.now(),
            message=_("任务中断（后台进程重启）。请重新提交。"),
        )
        job.refresh_from_db()
    return job


def purge_finished(*, older_than: dt.timedelta | None = None) -> int:
    """Delete jobs and their files after the retention period (their uploads and
    results may carry personal data): finished ones by when they finished, and ones
    that never finished (their worker gone) by when they were started. Returns the
    number of jobs deleted."""
    keep = older_than or dt.timedelta(days=settings.JIEDAO_JOB_RETENTION_DAYS)
    cut = timezone.now() - keep
    old = Job.objects.filter(Q(finished_at__lt=cut) | Q(finished_at__isnull=True, created_at__lt=cut))
    count = 0
    for job in old.iterator():
        for file in (job.upload, job.result):
            if file.name:
                file.storage.delete(file.name)
        job.delete()
        count += 1
    return count
