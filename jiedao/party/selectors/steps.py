"""The 凝新 studio's 三个一 for every 三新 member transferred in, computed from the
records and never ticked by hand:

- 进行一次参观 (visit): an attendance at a visit activity (``Activity.Kind.VISIT``)
  organised by the studio's unit, the party-mass centre (any visit when no studio
  is set up);
- 参加一堂党课 (lecture): an attendance at a lecture activity;
- 认领一项公益服务 (service): a claimed public-service task with verified hours
  (``volunteering.selectors.first_verified_service``).

Each step shows the first record that satisfied it. A fixed number of queries for
a page of members: the studio, visits, lectures, services, reminders.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from jiedao.activities.models import Activity, Attendance
from jiedao.party.models import OnboardingReminder, PartyMember, PartyStudio
from jiedao.volunteering.selectors import first_verified_service

STEPS: tuple[tuple[str, Promise], ...] = (
    ("visit", _("进行一次参观")),
    ("lecture", _("参加一堂党课")),
    ("service", _("认领一项公益服务")),
)
STEP_LABELS = dict(STEPS)


@dataclass(frozen=True)
class StepRecord:
    kind: str  # "attendance" or "claim"
    id: int
    title: str
    at: dt.datetime


@dataclass(frozen=True)
class Step:
    key: str
    label: Promise
    record: StepRecord | None

    @property
    def done(self) -> bool:
        return self.record is not None


@dataclass
class Onboarding:
    member: PartyMember
    steps: list[Step] = field(default_factory=list)
    last_reminder: OnboardingReminder | None = None

    @property
    def missing(self) -> list[Step]:
        return [s for s in self.steps if not s.done]

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def days_since_transfer(self) -> int | None:
        transferred = self.member.transferred_in_on
        return (timezone.localdate() - transferred).days if transferred is not None else None


def newcomers(qs: QuerySet[PartyMember]) -> QuerySet[PartyMember]:
    """三新 members transferred in and not transferred out, newest transfers first."""
    return (
        qs.exclude(category="")
        .filter(transferred_in_on__isnull=False, transferred_out_on__isnull=True)
        .select_related("person", "branch")
        .order_by("-transferred_in_on", "person__name", "id")
    )


def _first_attendances(person_ids: list[int], activities: QuerySet[Activity]) -> dict[int, StepRecord]:
    rows = (
        Attendance.objects.filter(person_id__in=person_ids, session__activity__in=activities)
        .order_by("person_id", "signed_in_at", "id")
        .values_list("person_id", "id", "session__activity__title", "signed_in_at")
    )
    found: dict[int, StepRecord] = {}
    for person_id, pk, title, at in rows:
        found.setdefault(person_id, StepRecord("attendance", pk, title, at))
    return found


def onboarding(members: Iterable[PartyMember], *, subdistrict_id: int) -> list[Onboarding]:
    """The three steps of each member (a page of ``newcomers``)."""
    members = list(members)
    if not members:
        return []
    person_ids = [m.person_id for m in members]
    studio = PartyStudio.objects.filter(subdistrict_id=subdistrict_id).order_by("id").first()
    visits = Activity.objects.filter(subdistrict_id=subdistrict_id, kind=Activity.Kind.VISIT)
    if studio is not None:
        visits = visits.filter(organiser_id=studio.unit_id)
    visited = _first_attendances(person_ids, visits)
    lectured = _first_attendances(
        person_ids, Activity.objects.filter(subdistrict_id=subdistrict_id, kind=Activity.Kind.LECTURE)
    )
    # A record verified at zero hours is no service done.
    served = {
        person_id: StepRecord("claim", s.claim_id, s.task, s.starts_at)
        for person_id, s in first_verified_service(subdistrict_id=subdistrict_id, person_ids=person_ids).items()
        if s.hours > 0
    }
    reminders: dict[int, OnboardingReminder] = {}
    for reminder in OnboardingReminder.objects.filter(member_id__in=[m.pk for m in members]).order_by(
        "created_at", "id"
    ):
        reminders[reminder.member_id] = reminder  # the latest wins
    records = {"visit": visited, "lecture": lectured, "service": served}
    return [
        Onboarding(
            member=m,
            steps=[Step(key, label, records[key].get(m.person_id)) for key, label in STEPS],
            last_reminder=reminders.get(m.pk),
        )
        for m in members
    ]


MISSING_ANY = "any"


def missing_counts(rows: Iterable[Onboarding]) -> dict[str, int]:
    """How many of ``rows`` miss each step, and any step (``MISSING_ANY``)."""
    counts = {key: 0 for key, _label in STEPS} | {MISSING_ANY: 0}
    for row in rows:
        for step in row.missing:
            counts[step.key] += 1
        counts[MISSING_ANY] += 0 if row.complete else 1
    return counts


def misses(row: Onboarding, missing: str) -> bool:
    """Whether ``row`` misses the step ``missing`` (a step key, or ``MISSING_ANY``)."""
    return not row.complete if missing == MISSING_ANY else any(s.key == missing for s in row.missing)


def onboarding_missing(members: QuerySet[PartyMember], *, subdistrict_id: int, missing: str = "") -> list[Onboarding]:
    """The newcomers among ``members`` (all, or those who miss ``missing``): every
    newcomer's steps computed in the same five queries (the studio's list is tens,
    at most a few thousand in a district)."""
    rows = onboarding(newcomers(members), subdistrict_id=subdistrict_id)
    return [r for r in rows if misses(r, missing)] if missing else rows


def onboarding_of(member: PartyMember) -> Onboarding | None:
    """The member's own three steps; None unless a 三新 member transferred in."""
    mine = newcomers(PartyMember.objects.filter(pk=member.pk)).first()
    return onboarding([mine], subdistrict_id=mine.subdistrict_id)[0] if mine is not None else None
