"""Reads of unions and memberships, scoped by ``jiedao.unions.access``.

Members "as of" a past day come from the membership spells (joined by then, not
ended by then), so a union's list and count of a past year-end are what they were
then; without a day, the current (active) members."""

import datetime as dt

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.utils import timezone

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

SPELL_STATUSES = (MembershipStatus.ACTIVE, MembershipStatus.TRANSFERRED, MembershipStatus.LEFT)


def as_of_year(year: int | None) -> dt.date | None:
    """The day a year's figures are "as of": the end of a past year; None (today) for
    this year or a later one."""
    if year is None or year >= timezone.localdate().year:
        return None
    return dt.date(year, 12, 31)


def members_on(day: dt.date | None, prefix: str = "") -> Q:
    """Memberships current on ``day`` (None: today's active ones), for a ``Membership``
    query, or through a relation named by ``prefix`` (``"memberships__"``)."""
    if day is None:
        return Q(**{f"{prefix}status": MembershipStatus.ACTIVE})
    return Q(**{f"{prefix}status__in": SPELL_STATUSES, f"{prefix}joined_on__lte": day}) & (
        Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gt": day})
    )


def union_list(actor: Actor, *, kind: str = "", as_of: dt.date | None = None) -> QuerySet[UnionOrganisation]:
    """The unions ``actor`` sees, each with ``member_count`` (on ``as_of``, or today)."""
    qs = access.unions_visible_to(actor).select_related("parent", "residential_area", "grid", "unit")
    if kind:
        qs = qs.filter(kind=kind)
    return qs.annotate(
        member_count=Count("memberships", filter=members_on(as_of, "memberships__"), distinct=True),
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


def officer_terms(
    union: UnionOrganisation, day: dt.date | None = None
) -> tuple[list[UnionOfficer], list[UnionOfficer]]:
    """``union``'s officers on ``day`` (today unless given: those whose term covers
    it) and the terms ended before it, latest first (from the prefetched officers)."""
    day = day or timezone.localdate()
    terms = list(union.officers.all())
    current = [o for o in terms if o.serves_on(day)]
    past = sorted(
        (o for o in terms if o.term_end is not None and o.term_end < day),
        key=lambda o: (o.term_end, o.term_start),
        reverse=True,
    )
    return current, past


def union_visible(actor: Actor, pk: int) -> UnionOrganisation | None:
    """The union ``pk`` if ``actor`` sees it (one query, nothing prefetched)."""
    return access.unions_visible_to(actor).filter(pk=pk).first()


def members_of(union: UnionOrganisation, as_of: dt.date | None = None) -> QuerySet[Membership]:
    """The members of ``union`` on ``as_of`` (None: today's active members)."""
    return (
        Membership.objects.filter(members_on(as_of), union=union)
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


def memberships_list(actor: Actor, *, person_id: int | None = None) -> QuerySet[Membership]:
    """Every membership spell ``actor`` sees (all statuses), newest first; one person's with ``person_id``."""
    qs = access.memberships_visible_to(actor)
    if person_id is not None:
        qs = qs.filter(person_id=person_id)
    return qs.select_related("person", "union", "employer").order_by("-created_at", "-id")


def memberships_of(person: Person | None) -> QuerySet[Membership]:
    """``person``'s own spells, newest first (none without a person)."""
    if person is None:
        return Membership.objects.none()
    return (
        Membership.objects.filter(person=person)
        .select_related("person", "union", "employer")
        .order_by("-created_at", "-id")
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
