"""Hours attended, computed from the activities core's attendance records.

A session counts its hours (``SessionHours``) in full for a trainee present for all
of it (signed in at most ``GRACE`` after it began and signed out at most ``GRACE``
before it ended); a trainee who came late or left early counts the share of the
session they were there, rounded down to the half hour; without a sign-out, nothing
(the class signs out: 签退). A staff correction (``HoursCorrection``, with its reason)
replaces what the records give for that trainee and session. No correction while a
subsidy claim stands on the trainee (the claim rests on their completion: reject it
first).
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from jiedao.accounts.actor import Actor
from jiedao.activities.models import Attendance, Session
from jiedao.core import audit
from jiedao.core.errors import Conflict
from jiedao.core.numbers import floor_to
from jiedao.core.services import clean_text, new_errors, raise_if
from jiedao.training.models import Enrolment, HoursCorrection, SessionHours, TrainingClass, standing_claims
from jiedao.training.services.setup import require_class_manager

GRACE = dt.timedelta(minutes=15)
HALF = Decimal("0.5")


def session_hours(session: Session, planned: dict[int, Decimal]) -> Decimal:
    """A session's hours: as planned, else its length in hours."""
    if session.pk in planned:
        return planned[session.pk]
    seconds = Decimal((session.ends_at - session.starts_at).total_seconds())
    return floor_to(seconds / 3600, HALF)


def credited(session: Session, hours: Decimal, attendance: Attendance | None) -> Decimal:
    """What one attendance record counts at ``session``."""
    if attendance is None or attendance.signed_out_at is None:
        return Decimal(0)
    start = max(attendance.signed_in_at, session.starts_at)
    end = min(attendance.signed_out_at, session.ends_at)
    if attendance.signed_in_at <= session.starts_at + GRACE and attendance.signed_out_at >= session.ends_at - GRACE:
        return hours
    if end <= start:
        return Decimal(0)
    share = Decimal((end - start).total_seconds()) / Decimal((session.ends_at - session.starts_at).total_seconds())
    return floor_to(hours * share, HALF)


class ClassHours:
    """Every trainee's hours in one class, read in a fixed number of queries."""

    def __init__(self, training_class: TrainingClass, person_ids: Iterable[int] | None = None) -> None:
        self.sessions = list(Session.objects.filter(activity_id=training_class.activity_id).order_by("starts_at", "id"))
        ids = [s.pk for s in self.sessions]
        self.planned = dict(SessionHours.objects.filter(session_id__in=ids).values_list("session_id", "hours"))
        attendances = Attendance.objects.filter(session_id__in=ids)
        corrections = HoursCorrection.objects.filter(session_id__in=ids, enrolment__training_class=training_class)
        if person_ids is not None:
            people = list(person_ids)
            attendances = attendances.filter(person_id__in=people)
            corrections = corrections.filter(enrolment__person_id__in=people)
        self.attendance: dict[tuple[int, int], Attendance] = {(a.person_id, a.session_id): a for a in attendances}
        self.corrections: dict[tuple[int, int], HoursCorrection] = {
            (c.enrolment.person_id, c.session_id): c for c in corrections.select_related("enrolment")
        }
        self.total_planned = sum((self.hours_of(s) for s in self.sessions), Decimal(0))

    def hours_of(self, session: Session) -> Decimal:
        return session_hours(session, self.planned)

    def at(self, person_id: int, session: Session) -> Decimal:
        correction = self.corrections.get((person_id, session.pk))
        if correction is not None:
            return correction.hours
        return credited(session, self.hours_of(session), self.attendance.get((person_id, session.pk)))

    def per_session(self, person_id: int) -> list[Decimal]:
        return [self.at(person_id, s) for s in self.sessions]

    def total(self, person_id: int) -> Decimal:
        return sum(self.per_session(person_id), Decimal(0))


def hours_attended(enrolment: Enrolment) -> Decimal:
    return ClassHours(enrolment.training_class, [enrolment.person_id]).total(enrolment.person_id)


def hours_by_enrolment(enrolments: list[Enrolment]) -> dict[int, Decimal]:
    """Hours of each enrolment (of any classes), in four queries whatever their number."""
    activity_of = {e.pk: e.training_class.activity_id for e in enrolments}
    sessions = list(Session.objects.filter(activity_id__in=set(activity_of.values())).order_by("starts_at", "id"))
    ids = [s.pk for s in sessions]
    planned = dict(SessionHours.objects.filter(session_id__in=ids).values_list("session_id", "hours"))
    attendance = {
        (a.person_id, a.session_id): a
        for a in Attendance.objects.filter(session_id__in=ids, person_id__in={e.person_id for e in enrolments})
    }
    corrected = {
        (c.enrolment_id, c.session_id): c.hours
        for c in HoursCorrection.objects.filter(enrolment_id__in=[e.pk for e in enrolments])
    }
    by_activity: dict[int, list[Session]] = defaultdict(list)
    for session in sessions:
        by_activity[session.activity_id].append(session)
    result: dict[int, Decimal] = {}
    for e in enrolments:
        total = Decimal(0)
        for session in by_activity[activity_of[e.pk]]:
            fixed = corrected.get((e.pk, session.pk))
            total += (
                fixed
                if fixed is not None
                else credited(session, session_hours(session, planned), attendance.get((e.person_id, session.pk)))
            )
        result[e.pk] = total
    return result


@transaction.atomic
def correct_hours(
    *,
    actor: Actor,
    enrolment: Enrolment,
    session: Session | None,
    hours: Decimal | None,
    reason: str,
    request: HttpRequest | None = None,
) -> HoursCorrection:
    """Set what ``session`` counts for the trainee, with the reason (audited)."""
    training_class = enrolment.training_class
    require_class_manager(actor, training_class)
    errors = new_errors()
    if session is None or session.activity_id != training_class.activity_id:
        errors["session"].append(_("请选择本班的场次。"))
    reason = clean_text(errors, "reason", reason, max_length=200, required=True)
    if hours is None or hours < 0:
        errors["hours"].append(_("请填写不小于0的课时。"))
    elif session is not None and hours > session_hours(
        session, dict(SessionHours.objects.filter(session=session).values_list("session_id", "hours"))
    ):
        errors["hours"].append(_("更正的课时不能超过该场次的课时。"))
    raise_if(errors)
    assert session is not None and hours is not None
    # The trainee's row lock, which a subsidy claim takes too (services.subsidies).
    Enrolment.objects.select_for_update().filter(pk=enrolment.pk).first()
    if standing_claims().filter(enrolment=enrolment).exists():
        raise Conflict(
            _("该学员的补贴申请在办理中，课时不能再更正；如确需更正，请先驳回补贴申请。"), code="claim_stands"
        )
    before = HoursCorrection.objects.filter(enrolment=enrolment, session=session).first()
    old_hours = ClassHours(training_class, [enrolment.person_id]).at(enrolment.person_id, session)
    correction, _created = HoursCorrection.objects.update_or_create(
        enrolment=enrolment,
        session=session,
        defaults={
            "subdistrict_id": enrolment.subdistrict_id,
            "hours": hours,
            "reason": reason,
            "corrected_by": actor.user,
        },
    )
    audit.record(
        actor=actor,
        action="update" if before else "create",
        obj=correction,
        request=request,
        detail={
            "changes": {"hours": [str(old_hours), str(hours)]},
            "enrolment": enrolment.pk,
            "session": session.pk,
            "reason": reason,
        },
    )
    return correction
