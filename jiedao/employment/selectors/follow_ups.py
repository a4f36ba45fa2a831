"""Reads of the follow-up side: the due list (labour office; the admin reads), one
person's follow-ups, one follow-up."""

import datetime as dt

from django.db.models import F, QuerySet
from django.utils import timezone

from jiedao.accounts.access import one_for_actor, scoped
from jiedao.accounts.actor import Actor
from jiedao.employment import trainees
from jiedao.employment.access import READ_ONLY, can_manage, can_read
from jiedao.employment.models import FollowUp, with_due_on


def follow_ups_visible_to(actor: Actor) -> QuerySet[FollowUp]:
    qs = FollowUp.objects.all()
    return scoped(qs, actor) if can_read(actor) else qs.none()


def _rows(qs: QuerySet[FollowUp]) -> QuerySet[FollowUp]:
    """Each row with what a list shows: the trainee, the class, its course, provider
    and last day, the due date computed from it, and the employer (one query for any
    number of rows)."""
    return (
        with_due_on(qs)
        .select_related("employer")
        .annotate(
            person_name=F(f"enrolment__{trainees.PERSON}__name"),
            person_id=F(f"enrolment__{trainees.PERSON}_id"),
            class_label=F(f"enrolment__{trainees.CLASS_NAME}"),
            course_name=F(f"enrolment__{trainees.COURSE_NAME}"),
            provider_name=F(f"enrolment__{trainees.PROVIDER_NAME}"),
            class_ended_on=F(f"enrolment__{trainees.CLASS_END}"),
        )
    )


def follow_up_rows(actor: Actor, *, due: bool = False, today: dt.date | None = None) -> QuerySet[FollowUp]:
    """The follow-ups of the actor's sub-district; ``due``: those come due and not done
    yet (the labour office's work list), oldest first."""
    qs = _rows(follow_ups_visible_to(actor))
    if due:
        qs = qs.filter(outcome=FollowUp.Outcome.UNKNOWN, due_on__lte=today or timezone.localdate())  # type: ignore[misc]
    return qs.order_by(F("due_on").asc(nulls_last=True), "person_name", "id")


def follow_ups_of_person(actor: Actor, person_id: int) -> list[FollowUp]:
    qs = follow_ups_visible_to(actor).filter(**{f"enrolment__{trainees.PERSON}_id": person_id})
    return list(_rows(qs).order_by("class_ended_on", "offset_days", "id"))


def follow_up_for_actor(actor: Actor, pk: int, *, for_update: bool = False) -> FollowUp:
    qs = follow_ups_visible_to(actor)
    found = one_for_actor(qs, pk, for_update=for_update, may_change=can_manage(actor), refusal=str(READ_ONLY))
    row = _rows(FollowUp.objects.filter(pk=found.pk)).get()
    return row
