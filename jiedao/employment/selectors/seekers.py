"""Reads of the job-seeker side: the register (searchable, paginated) and one
registration with its guidance sessions and referrals."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from jiedao.accounts.access import one_for_actor
from jiedao.accounts.actor import Actor
from jiedao.employment.access import seekers_visible_to
from jiedao.employment.models import ClosedReason, GuidanceSession, JobReferral, JobSeeker

# The register's status filter: open, closed (either reason), or closed for one reason.
STATUSES = ("open", "closed", *ClosedReason.values)


def seeker_rows(actor: Actor, *, q: str = "", status: str = "open", area: int | None = None) -> QuerySet[JobSeeker]:
    """The register as a page lists it: the person and area joined, the counts of
    guidance sessions and referrals annotated (one query per page). ``status``:
    ``open`` (the default), ``closed``, ``employed`` or ``left`` (closed for that
    reason), anything else every registration; ``area``: the person's residential
    area; ``q``: a name or its pinyin."""
    qs = seekers_visible_to(actor).select_related("person", "person__residential_area")
    if status == "open":
        qs = qs.filter(closed_on__isnull=True)
    elif status == "closed":
        qs = qs.filter(closed_on__isnull=False)
    elif status in ClosedReason.values:
        qs = qs.filter(closed_on__isnull=False, closed_reason=status)
    if area is not None:
        qs = qs.filter(person__residential_area_id=area)
    if q:
        qs = qs.filter(Q(person__name__contains=q) | Q(person__search_text__contains=q.lower()))
    return qs.annotate(
        guidance_count=Count("guidance_sessions", distinct=True), referral_count=Count("referrals", distinct=True)
    ).order_by("-registered_on", "-id")


def seeker_row(actor: Actor, pk: int) -> JobSeeker:
    """One registration as the register lists it (404 outside the actor's scope)."""
    return one_for_actor(seeker_rows(actor, status=""), pk)


@dataclass(frozen=True)
class SeekerFile:
    seeker: JobSeeker
    guidance: list[GuidanceSession]
    referrals: list[JobReferral]


def seeker_file(seeker: JobSeeker) -> SeekerFile:
    return SeekerFile(
        seeker=seeker,
        guidance=list(seeker.guidance_sessions.all()),
        referrals=list(seeker.referrals.select_related("employer")),
    )
