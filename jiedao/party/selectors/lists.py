"""The lists the party pages show (each a queryset the page paginates)."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from jiedao.accounts.actor import Actor
from jiedao.activities.models import Registration
from jiedao.party import access
from jiedao.party.models import Branch, CommitteeMember, Lecture, PartyMember, StudyEntry


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


def member_count(branch: Branch) -> int:
    return PartyMember.objects.filter(branch=branch, transferred_out_on__isnull=True).count()


def committee_rows(branch: Branch) -> list[CommitteeMember]:
    return list(
        CommitteeMember.objects.filter(branch=branch)
        .select_related("person")
        .only("id", "post", "duty", "branch_id", "person__name")
        .order_by("post", "person__name", "id")
    )


@dataclass(frozen=True)
class InvitedBranch:
    branch: Branch
    members: int  # current members
    invited: int  # of them, invited to the lecture

    @property
    def complete(self) -> bool:
        return self.invited >= self.members


def invited_branches(lecture: Lecture) -> list[InvitedBranch]:
    """The branches with at least one current member invited to ``lecture``, with how
    many of their current members are (three queries, whatever the sizes)."""
    current = PartyMember.objects.filter(subdistrict_id=lecture.subdistrict_id, transferred_out_on__isnull=True)
    invited = dict(
        current.filter(person__registrations__activity_id=lecture.activity_id)
        .order_by()
        .values("branch_id")
        .annotate(n=Count("id", distinct=True))
        .values_list("branch_id", "n")
    )
    if not invited:
        return []
    members = dict(
        current.filter(branch_id__in=invited)
        .order_by()
        .values("branch_id")
        .annotate(n=Count("id"))
        .values_list("branch_id", "n")
    )
    branches = Branch.objects.filter(pk__in=invited).order_by("kind", "name", "id")
    return [InvitedBranch(b, members.get(b.pk, 0), invited[b.pk]) for b in branches]


def invited_count(lecture: Lecture) -> int:
    return Registration.objects.filter(activity_id=lecture.activity_id, person__isnull=False).count()


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
