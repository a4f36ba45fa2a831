"""The lists the party pages show (each a queryset the page paginates)."""

from django.db.models import Count, Q, QuerySet

from jiedao.accounts.actor import Actor
from jiedao.party import access
from jiedao.party.models import Branch, Lecture, PartyMember, StudyEntry


def branch_rows(actor: Actor) -> QuerySet[Branch]:
    current = Q(members__transferred_out_on__isnull=True)
    return (
        access.branches_visible_to(actor)
        .select_related("secretary", "parent")
        .annotate(n_members=Count("members", filter=current))
        .order_by("kind", "name", "id")
    )


def member_rows(actor: Actor, branch: Branch | None = None) -> QuerySet[PartyMember]:
    qs = access.members_visible_to(actor).filter(transferred_out_on__isnull=True)
    if branch is not None:
        qs = qs.filter(branch=branch)
    return qs.select_related("person", "branch").order_by("branch__name", "person__name", "id")


def member_entries(member: PartyMember, limit: int = 50) -> list[StudyEntry]:
    return list(StudyEntry.objects.filter(member=member).order_by("-studied_on", "-id")[:limit])


def lecture_rows(actor: Actor) -> QuerySet[Lecture]:
    return (
        access.lectures_visible_to(actor)
        .select_related("activity", "speaker")
        .annotate(
            n_invited=Count("activity__registrations", distinct=True),
            n_present=Count("activity__sessions__attendances", distinct=True),
        )
        .order_by("-activity__created_at", "-id")
    )


def review_rows(actor: Actor) -> QuerySet[StudyEntry]:
    """The secretary's branch's self-study entries, those waiting first."""
    return access.entries_to_review(actor).order_by("-status", "-created_at", "-id")


def pending_count(actor: Actor) -> int:
    return access.entries_to_review(actor).filter(status=StudyEntry.Status.SUBMITTED).count()
