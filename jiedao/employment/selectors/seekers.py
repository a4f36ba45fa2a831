"""Reads of the job-seeker side: the register (searchable, paginated) and one
registration with its guidance sessions and referrals."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from jiedao.accounts.actor import Actor
from jiedao.employment.access import seekers_visible_to
from jiedao.employment.models import GuidanceSession, JobReferral, JobSeeker


def seeker_rows(actor: Actor, *, q: str = "", open_only: bool = True) -> QuerySet[JobSeeker]:
    """The register as a page lists it: the person and area joined, the counts of
    guidance sessions and referrals annotated (one query per page)."""
    qs = seekers_visible_to(actor).select_related("person", "person__residential_area")
    if open_only:
        qs = qs.filter(closed_on__isnull=True)
    if q:
        qs = qs.filter(Q(person__name__contains=q) | Q(person__search_text__contains=q.lower()))
    return qs.annotate(
        guidance_count=Count("guidance_sessions", distinct=True), referral_count=Count("referrals", distinct=True)
    ).order_by("-registered_on", "-id")


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
