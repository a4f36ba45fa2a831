"""Reads of unions and memberships, scoped by ``jiedao.unions.access``."""

from django.db.models import Count, F, Prefetch, Q, QuerySet

from jiedao.accounts.actor import Actor
from jiedao.people.models import Person
from jiedao.unions import access
from jiedao.unions.models import (
    OPEN_STATUSES,
    Membership,
    MembershipEvent,
    MembershipStatus,
    UnionKind,
    UnionOfficer,
    UnionOrganisation,
)


def union_list(actor: Actor, *, kind: str = "") -> QuerySet[UnionOrganisation]:
    qs = access.unions_visible_to(actor).select_related("parent", "residential_area", "grid", "unit")
    if kind:
        qs = qs.filter(kind=kind)
    return qs.annotate(
        member_count=Count("memberships", filter=Q(memberships__status=MembershipStatus.ACTIVE), distinct=True),
        covered_count=Count("covered_units", distinct=True),
    ).order_by("kind", "name", "id")


def union_detail(actor: Actor, pk: int) -> UnionOrganisation | None:
    return (
        access.unions_visible_to(actor)
        .select_related("parent", "residential_area", "grid", "unit")
        .prefetch_related(
            Prefetch("officers", queryset=UnionOfficer.objects.order_by("post", "position", "id")),
            "covered_units__unit",
        )
        .filter(pk=pk)
        .first()
    )


def members_of(union: UnionOrganisation) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(union=union, status=MembershipStatus.ACTIVE)
        .select_related("person", "person__employer", "employer")
        .order_by("person__name", "id")
    )


def members_to_transfer(union: UnionOrganisation) -> QuerySet[Membership]:
    """Active members whose registry employer is no longer the one they joined with."""
    return (
        members_of(union)
        .exclude(person__employer_id=F("employer_id"))
        .exclude(person__employer__isnull=True, employer__isnull=True)
    )


def review_queue(actor: Actor) -> QuerySet[Membership]:
    """The applications waiting for ``actor``'s review: their unions' first reviews,
    and for the federation the second reviews."""
    q = Q(status=MembershipStatus.PENDING_UNION, union__in=access.unions_reviewed_by(actor))
    if access.is_federation(actor):
        q |= Q(status=MembershipStatus.PENDING_FEDERATION)
    return (
        access.memberships_visible_to(actor)
        .filter(q)
        .select_related("person", "union", "employer")
        .order_by("applied_at", "id")
    )


def pending_in(actor: Actor, union: UnionOrganisation) -> QuerySet[Membership]:
    return (
        access.memberships_visible_to(actor)
        .filter(union=union, status__in=OPEN_STATUSES)
        .select_related("person", "employer")
        .order_by("applied_at", "id")
    )


def history_of(person: Person) -> list[Membership]:
    """Every spell of ``person``'s membership, newest first, with its events."""
    return list(
        Membership.objects.filter(person=person)
        .select_related("union", "employer")
        .prefetch_related(Prefetch("events", queryset=MembershipEvent.objects.order_by("at", "id")))
        .order_by("-created_at", "-id")
    )


def base_unions(subdistrict_id: int) -> QuerySet[UnionOrganisation]:
    return UnionOrganisation.objects.filter(
        subdistrict_id=subdistrict_id, kind__in=[UnionKind.JOINT, UnionKind.ENTERPRISE]
    ).order_by("kind", "name")
