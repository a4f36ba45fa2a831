"""The 凝新 studio's 三个一 for every 三新 member transferred in, computed from the
records and never ticked by hand:

- 进行一次参观 (visit): an attendance at a visit activity (``Activity.Kind.VISIT``)
  organised by the studio's unit, the party-mass centre (any visit when no studio
  is set up);
- 参加一堂党课 (lecture): an attendance at a lecture activity;
- 认领一项公益服务 (service): a claimed public-service task with verified hours
  (``volunteering.selectors.first_verified_service``).

Each step shows the first record that satisfied it. The studio's list is filtered
and counted by the database (``with_steps``: three sets of people (``IN``), no
Python work per member), then a page's records are read in four queries (visits,
lectures, services, reminders) whatever the number of newcomers.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from jiedao.activities.models import Activity, Attendance
from jiedao.party.models import OnboardingReminder, PartyMember, PartyStudio
from jiedao.volunteering.models import Claim, ServiceRecord
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


def _visits(subdistrict_id: int) -> QuerySet[Activity]:
    """The visits that count: the studio's unit's (any visit when no studio is set
    up). A subquery, no query of its own."""
    studio = PartyStudio.objects.filter(subdistrict_id=subdistrict_id).order_by("id")
    return Activity.objects.filter(subdistrict_id=subdistrict_id, kind=Activity.Kind.VISIT).filter(
        Q(organiser_id=Subquery(studio.values("unit_id")[:1])) | ~Exists(studio)
    )


def _lectures(subdistrict_id: int) -> QuerySet[Activity]:
    return Activity.objects.filter(subdistrict_id=subdistrict_id, kind=Activity.Kind.LECTURE)


def _service_claims() -> QuerySet[Claim]:
    """Claims whose record was verified above zero hours: the rule of
    ``volunteering.selectors.first_verified_service``, as a subquery (the test
    ``test_the_database_flags_agree_with_the_records`` holds the two together)."""
    return Claim.objects.filter(record__status=ServiceRecord.Status.VERIFIED, record__hours__gt=0)


def _flags(subdistrict_id: int) -> dict[str, ExpressionWrapper[Q]]:
    """Each step as ``person_id IN (the people with such a record)``: subqueries that
    do not refer to the outer row, so the database computes each set once (a hash)
    and a planner's estimate stays small (a correlated ``EXISTS`` made PostgreSQL's
    estimate large enough to JIT-compile a 50 ms query for a second)."""
    attendees = Attendance.objects.filter(person__isnull=False).values("person_id")
    sets = {
        "did_visit": attendees.filter(session__activity__in=_visits(subdistrict_id)),
        "did_lecture": attendees.filter(session__activity__in=_lectures(subdistrict_id)),
        "did_service": _service_claims().filter(subdistrict_id=subdistrict_id).values("person_id"),
    }
    return {
        flag: ExpressionWrapper(Q(person_id__in=people), output_field=BooleanField()) for flag, people in sets.items()
    }


def with_steps(qs: QuerySet[PartyMember], *, subdistrict_id: int) -> QuerySet[PartyMember]:
    """``qs`` with each member's three steps as booleans computed by the database
    (``did_visit``, ``did_lecture``, ``did_service``): filtering and counting cost
    no Python work per member."""
    return qs.annotate(**_flags(subdistrict_id))


MISSING_ANY = "any"
MISSING_NONE = "done"
EVERYONE = "all"
STEP_FLAGS = {"visit": "did_visit", "lecture": "did_lecture", "service": "did_service"}
# What each filter keeps (``?missing=``): who misses any step (the default), one
# step, or nothing at all.
_MISSES: dict[str, Q] = {
    MISSING_ANY: Q(did_visit=False) | Q(did_lecture=False) | Q(did_service=False),
    **{key: Q(**{flag: False}) for key, flag in STEP_FLAGS.items()},
    MISSING_NONE: Q(did_visit=True, did_lecture=True, did_service=True),
}
FILTERS = (MISSING_ANY, *STEP_FLAGS, MISSING_NONE, EVERYONE)


def newcomers_missing(members: QuerySet[PartyMember], *, subdistrict_id: int, missing: str) -> QuerySet[PartyMember]:
    """The newcomers among ``members`` who miss ``missing`` (a step key, ``any``,
    ``done`` for those who did all three, ``all`` for everyone), ordered, ready
    to page; the steps of a page are then ``onboarding(page)``. The flags only
    filter (``alias``): never selected, never computed for ``all``."""
    qs = newcomers(members)
    return qs.alias(**_flags(subdistrict_id)).filter(_MISSES[missing]) if missing in _MISSES else qs


def missing_counts(members: QuerySet[PartyMember], *, subdistrict_id: int) -> dict[str, int]:
    """How many newcomers among ``members`` there are (``all``), miss each step, any
    step, or none: one query grouping them by the three flags (at most eight rows,
    each member's flags computed once), summed here."""
    flags = with_steps(newcomers(members).select_related(None).order_by(), subdistrict_id=subdistrict_id)
    groups = flags.values_list(*STEP_FLAGS.values()).annotate(n=Count("pk")).order_by()
    counts = dict.fromkeys(FILTERS, 0)
    for *done, n in groups:
        steps = dict(zip(STEP_FLAGS, done, strict=True))
        counts[EVERYONE] += n
        for key, did in steps.items():
            counts[key] += 0 if did else n
        counts[MISSING_NONE if all(done) else MISSING_ANY] += n
    return counts


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
    """The three steps of each member, with the first record of each (a page of
    ``newcomers``: four queries whatever its length)."""
    members = list(members)
    if not members:
        return []
    person_ids = [m.person_id for m in members]
    visited = _first_attendances(person_ids, _visits(subdistrict_id))
    lectured = _first_attendances(person_ids, _lectures(subdistrict_id))
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


def onboarding_of(member: PartyMember) -> Onboarding | None:
    """The member's own three steps; None unless a 三新 member transferred in."""
    mine = newcomers(PartyMember.objects.filter(pk=member.pk)).first()
    return onboarding([mine], subdistrict_id=mine.subdistrict_id)[0] if mine is not None else None
