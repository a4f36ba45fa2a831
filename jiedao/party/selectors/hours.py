"""The study-hour ledger: each member's hours of a year against their target,
derived from the records (attendance at lectures, approved self-study, external
training), never typed.

Conversion (``StudyRules``): a lecture of format full day counts ``full_day_hours``
for each day it covers, half day ``half_day_hours`` once, otherwise the hours
attended (from sign-in, or the start if later, to sign-out when the activity signs
out, else to the end). Hours belong to the year they were earned: a full-day
training over New Year counts each day in its own year, and hours attended across
midnight of 31 December are cut there.

``ledger`` takes a fixed number of queries whatever the number of members (see
``test_query_counts``): the members, the rules, attendances, entries, secretaries,
committee members and target overrides, one query each.
"""

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from jiedao.activities.models import Attendance, Session
from jiedao.core.numbers import TENTH, half_up
from jiedao.party.models import Branch, CommitteeMember, Lecture, PartyMember, StudyEntry, StudyRules, TargetOverride

# Above this many members a query reads the sub-district's year rather than a list of ids.
MAX_IDS = 1000
ZERO = Decimal(0)
# What a ledger row shows of a member (page, API, export).
LEDGER_COLUMNS = (
    "id",
    "subdistrict_id",
    "person_id",
    "branch_id",
    "status",
    "category",
    "transferred_in_on",
    "transferred_out_on",
)


def hours_of(value: Decimal | int) -> Decimal:
    """Hours to the house step, a tenth, rounded half up (``core.numbers``)."""
    return half_up(value, TENTH)


def rules_for(subdistrict_id: int) -> StudyRules:
    """The sub-district's rules, or the national defaults (not saved) when none were set."""
    return StudyRules.objects.filter(subdistrict_id=subdistrict_id).first() or StudyRules(subdistrict_id=subdistrict_id)


def default_year(subdistrict_id: int) -> int:
    """The latest year, not after this one, with any hours recorded (a lecture held or
    an entry approved); this year when there are none."""
    this_year = timezone.localdate().year
    latest = (
        Session.objects.filter(
            subdistrict_id=subdistrict_id, activity__lecture__isnull=False, starts_at__lt=year_bounds(this_year)[1]
        )
        .order_by("-starts_at")
        .values_list("starts_at", flat=True)
        .first()
    )
    entry = (
        StudyEntry.objects.filter(
            subdistrict_id=subdistrict_id, status=StudyEntry.Status.APPROVED, studied_on__year__lte=this_year
        )
        .order_by("-studied_on")
        .values_list("studied_on", flat=True)
        .first()
    )
    years = [timezone.localtime(latest).year] if latest else []
    years += [entry.year] if entry else []
    return max(years, default=this_year)


def year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    """The first instant of ``year`` and of the next one, in local time."""
    zone = timezone.get_current_timezone()
    return dt.datetime(year, 1, 1, tzinfo=zone), dt.datetime(year + 1, 1, 1, tzinfo=zone)


@dataclass(frozen=True)
class Credit:
    """Hours earned on a day, and what earned them."""

    on: dt.date
    hours: Decimal
    source: str  # "lecture", "self_study" or "external"
    title: str


def lecture_credits(
    *,
    fmt: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    signed_in_at: dt.datetime,
    signed_out_at: dt.datetime | None,
    signs_out: bool,
    rules: StudyRules,
    year: int,
    title: str = "",
    zone: dt.tzinfo | None = None,
    bounds: tuple[dt.datetime, dt.datetime] | None = None,
) -> list[Credit]:
    """What one attendance at a lecture session earns in ``year`` (``zone`` and the
    year's ``bounds``: given by a caller that computes many)."""
    zone = zone or timezone.get_current_timezone()
    start, end = bounds or year_bounds(year)

    def local(moment: dt.datetime) -> dt.datetime:
        return moment.astimezone(zone)

    if fmt == Lecture.Format.FULL_DAY:
        first = local(starts_at).date()
        last = local(ends_at - dt.timedelta(microseconds=1)).date()
        days = [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]
        return [Credit(d, hours_of(rules.full_day_hours), "lecture", title) for d in days if d.year == year]
    if fmt == Lecture.Format.HALF_DAY:
        day = local(starts_at).date()
        return [Credit(day, hours_of(rules.half_day_hours), "lecture", title)] if day.year == year else []
    left = signed_out_at if signs_out else ends_at
    if left is None:  # an activity that signs out: no sign-out, no hours attended
        return []
    began = max(starts_at, signed_in_at, start)
    finished = min(ends_at, left, end)
    if finished <= began:
        return []
    hours = hours_of(Decimal((finished - began).total_seconds()) / 3600)
    return [Credit(local(finished - dt.timedelta(microseconds=1)).date(), hours, "lecture", title)] if hours else []


@dataclass
class MemberHours:
    """A member's hours of a year. The sums are computed once, when first read, after
    ``ledger`` has filled ``credits`` (a page reads each several times, the export of
    a district 20 000 rows of them)."""

    member: PartyMember
    target: Decimal
    is_leader: bool
    credits: list[Credit] = field(default_factory=list)

    @property
    def name(self) -> str:
        """The member's name (annotated by ``members_of_year``, else from the person)."""
        return getattr(self.member, "person_name", None) or self.member.person.name

    @property
    def branch_name(self) -> str:
        return getattr(self.member, "branch_name", None) or self.member.branch.name

    @cached_property
    def totals(self) -> dict[str, Decimal]:
        """The hours by source ("lecture", "self_study", "external")."""
        found: dict[str, Decimal] = {}
        for credit in self.credits:
            found[credit.source] = found.get(credit.source, ZERO) + credit.hours
        return found

    @cached_property
    def hours(self) -> Decimal:
        return sum(self.totals.values(), ZERO)

    @property
    def shortfall(self) -> Decimal:
        return max(self.target - self.hours, ZERO)

    def by_source(self, source: str) -> Decimal:
        return self.totals.get(source, ZERO)

    @property
    def by_lectures(self) -> Decimal:
        return self.by_source("lecture")

    @property
    def by_self_study(self) -> Decimal:
        return self.by_source("self_study")

    @property
    def by_external(self) -> Decimal:
        return self.by_source("external")

    @cached_property
    def reached_on(self) -> dt.date | None:
        """The day the hours reached the target (None: not reached)."""
        if self.target <= 0 or self.hours < self.target:
            return None
        total = ZERO
        for credit in sorted(self.credits, key=lambda c: c.on):
            total += credit.hours
            if total >= self.target:
                return credit.on
        return None

    @property
    def reached_month(self) -> int | None:
        day = self.reached_on
        return day.month if day is not None else None


def members_of_year(qs: QuerySet[PartyMember], year: int) -> QuerySet[PartyMember]:
    """Members who belonged to the sub-district during some of ``year``."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return (
        qs.filter(Q(transferred_out_on__isnull=True) | Q(transferred_out_on__gte=first))
        .filter(Q(transferred_in_on__isnull=True) | Q(transferred_in_on__lte=last))
        # The ledger names people and branches, nothing more: their names ride along
        # (``MemberHours.name``, ``branch_name``) instead of a Person and a Branch built
        # for each of 20 000 rows, and no other column is read nor a number decrypted.
        .only(*LEDGER_COLUMNS)
        .annotate(person_name=F("person__name"), branch_name=F("branch__name"))
        .order_by("branch__name", "person__name", "id")
    )


def ledger(members: Iterable[PartyMember], *, year: int, subdistrict_id: int) -> list[MemberHours]:
    """Each member's hours of ``year`` (``members``: a page of ``members_of_year``)."""
    members = list(members)
    if not members:
        return []
    rules = rules_for(subdistrict_id)
    person_ids = [m.person_id for m in members]
    member_ids = [m.pk for m in members]
    # A page names its members; the whole district (the export) reads the sub-district
    # instead of sending tens of thousands of ids, and skips anyone not asked for.
    few = len(member_ids) <= MAX_IDS
    tenant = {"subdistrict_id": subdistrict_id}
    secretaries = Branch.objects.filter(**({"secretary_id__in": person_ids} if few else tenant))
    leaders = set(secretaries.values_list("secretary_id", flat=True))
    committee = CommitteeMember.objects.filter(**({"person_id__in": person_ids} if few else tenant))
    leaders |= set(committee.values_list("person_id", flat=True))
    targets = TargetOverride.objects.filter(**({"member_id__in": member_ids} if few else tenant), year=year)
    overrides = dict(targets.values_list("member_id", "hours"))
    rows = {
        m.person_id: MemberHours(
            member=m,
            is_leader=m.person_id in leaders,
            target=hours_of(
                overrides.get(m.pk, rules.leader_target if m.person_id in leaders else rules.member_target)
            ),
        )
        for m in members
    }
    start, end = year_bounds(year)
    zone = timezone.get_current_timezone()
    whom: dict[str, Any] = {"person_id__in": person_ids} if few else tenant
    # A full- or half-day lecture earns the same for everyone present: computed once a
    # session, and its attendances read without their times (parsing 100 000 times
    # was most of the cost of a district). Only "hours" sessions need each one's times.
    sessions = Session.objects.filter(
        subdistrict_id=subdistrict_id, starts_at__lt=end, ends_at__gt=start, activity__lecture__isnull=False
    ).values_list(
        "id", "starts_at", "ends_at", "activity__sign_out_enabled", "activity__lecture__format", "activity__title"
    )
    fixed: dict[int, list[Credit]] = {}
    timed: dict[int, tuple[dt.datetime, dt.datetime, bool, str]] = {}
    for pk, starts, ends, signs_out, fmt, title in sessions:
        if fmt == Lecture.Format.HOURS:
            timed[pk] = (starts, ends, signs_out, title)
        else:
            fixed[pk] = lecture_credits(
                fmt=fmt,
                starts_at=starts,
                ends_at=ends,
                signed_in_at=starts,
                signed_out_at=None,
                signs_out=signs_out,
                rules=rules,
                year=year,
                title=title,
                zone=zone,
                bounds=(start, end),
            )
    if fixed:
        present = Attendance.objects.filter(**whom, session_id__in=list(fixed)).values_list("person_id", "session_id")
        for person_id, session_id in present.iterator(chunk_size=5000):
            row = rows.get(person_id)
            if row is not None:
                row.credits.extend(fixed[session_id])
    if timed:
        attended = Attendance.objects.filter(**whom, session_id__in=list(timed)).values_list(
            "person_id", "session_id", "signed_in_at", "signed_out_at"
        )
        for person_id, session_id, signed_in, signed_out in attended:
            row = rows.get(person_id)
            if row is None:
                continue
            starts, ends, signs_out, title = timed[session_id]
            row.credits.extend(
                lecture_credits(
                    fmt=Lecture.Format.HOURS,
                    starts_at=starts,
                    ends_at=ends,
                    signed_in_at=signed_in,
                    signed_out_at=signed_out,
                    signs_out=signs_out,
                    rules=rules,
                    year=year,
                    title=title,
                    zone=zone,
                    bounds=(start, end),
                )
            )
    by_member: dict[str, Any] = {"member_id__in": member_ids} if few else tenant
    entries = StudyEntry.objects.filter(
        **by_member,
        status=StudyEntry.Status.APPROVED,
        studied_on__gte=dt.date(year, 1, 1),
        studied_on__lte=dt.date(year, 12, 31),
    ).values_list("member__person_id", "studied_on", "hours", "source", "title")
    for person_id, on, hours, source, title in entries:
        if person_id in rows:
            rows[person_id].credits.append(Credit(on, hours, source, title))
    return [rows[m.person_id] for m in members]


def summary(rows: Sequence[MemberHours]) -> dict[str, int]:
    return {"members": len(rows), "short": sum(1 for r in rows if r.shortfall > 0)}
