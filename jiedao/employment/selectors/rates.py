"""The rates page's queries: two grouped counts, whatever the number of classes,
trainees or follow-ups (pinned in the tests), fed to ``employment.rates.combine``."""

import datetime as dt

from django.db.models import Count, F, Q
from django.utils import timezone

from jiedao.accounts.access import scoped
from jiedao.accounts.actor import Actor
from jiedao.employment import trainees
from jiedao.employment.access import can_read
from jiedao.employment.models import FollowUp, with_due_on
from jiedao.employment.rates import EnrolmentGroup, FollowUpGroup, Rates, combine
from jiedao.employment.selectors.follow_ups import follow_ups_visible_to
from jiedao.employment.services.follow_ups import follow_up_days


def rates_for(actor: Actor, *, year: int | None = None, today: dt.date | None = None) -> Rates:
    """Per course and provider of the actor's sub-district: classes that ended in
    ``year``, or all of them. A follow-up not due yet (and not recorded early) is left
    out: "not followed up" counts only those whose day has come."""
    enrolments = scoped(trainees.followed(), actor) if can_read(actor) else trainees.followed().none()
    come = Q(due_on__lte=today or timezone.localdate()) | ~Q(outcome=FollowUp.Outcome.UNKNOWN)
    follow_ups = with_due_on(follow_ups_visible_to(actor)).filter(come)
    if year is not None:
        enrolments = enrolments.filter(**{f"{trainees.CLASS_END}__year": year})
        follow_ups = follow_ups.filter(**{f"enrolment__{trainees.CLASS_END}__year": year})
    enrolment_groups = [
        EnrolmentGroup(row["course"], row["provider"], row["n"], row["done"], row["certified"])
        for row in enrolments.values(course=F(trainees.COURSE_NAME), provider=F(trainees.PROVIDER_NAME))
        .annotate(
            n=Count("pk", distinct=True),
            done=Count("pk", filter=trainees.completed(), distinct=True),
            certified=Count("pk", filter=trainees.certified(), distinct=True),
        )
        .order_by()
    ]
    follow_up_groups = [
        FollowUpGroup(row["course"], row["provider"], row["offset_days"], row["outcome"], row["n"])
        for row in follow_ups.values(
            "offset_days",
            "outcome",
            course=F(f"enrolment__{trainees.COURSE_NAME}"),
            provider=F(f"enrolment__{trainees.PROVIDER_NAME}"),
        )
        .annotate(n=Count("pk"))
        .order_by()
    ]
    return combine(enrolment_groups, follow_up_groups, offsets=follow_up_days())
