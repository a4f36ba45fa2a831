"""Reads of the volunteering programme that other code relies on (the party
programme's 三个一 checklist among them) and the lists the pages and API show."""

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from jiedao.accounts.actor import Actor
from jiedao.accounts.models import Role
from jiedao.core.certificates import normalise_certificate_number
from jiedao.org.models import ResidentialArea
from jiedao.people.models import Person
from jiedao.volunteering.access import is_manager, open_shifts
from jiedao.volunteering.models import ACTIVE, Certificate, Claim, ServiceRecord, Shift, Task


@dataclass(frozen=True)
class VerifiedService:
    """A claim with verified hours: the record that satisfies "认领一项公益服务"."""

    claim_id: int
    task: str
    starts_at: dt.datetime
    hours: Decimal


def first_verified_service(*, subdistrict_id: int, person_ids: Collection[int]) -> dict[int, VerifiedService]:
    """Each person's earliest claim (by shift start) with verified hours above zero, keyed
    by person id; persons without one are absent (a record verified at 0 hours is no
    service done, and must not hide a later one). One query."""
    if not person_ids:
        return {}
    rows = (
        ServiceRecord.objects.filter(
            subdistrict_id=subdistrict_id,
            status=ServiceRecord.Status.VERIFIED,
            hours__gt=0,
            claim__person_id__in=list(person_ids),
        )
        .order_by("claim__person_id", "claim__shift__session__starts_at", "claim_id")
        .values_list(
            "claim__person_id",
            "claim_id",
            "claim__shift__task__activity__title",
            "claim__shift__session__starts_at",
            "hours",
        )
    )
    found: dict[int, VerifiedService] = {}
    for person_id, claim_id, title, starts_at, hours in rows:
        if person_id not in found:
            found[person_id] = VerifiedService(claim_id=claim_id, task=title, starts_at=starts_at, hours=hours)
    return found


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_current_timezone())


def shifts_between(subdistrict_id: int, date_from: dt.date | None, date_to: dt.date | None) -> QuerySet[Shift]:
    """Shifts of open tasks starting within the dates (local; from now when no
    ``date_from``), soonest first."""
    shifts = open_shifts(subdistrict_id)
    if date_from is None:
        shifts = shifts.filter(session__starts_at__gt=timezone.now())
    else:
        shifts = shifts.filter(session__starts_at__gte=_day_start(date_from))
    if date_to is not None:
        shifts = shifts.filter(session__starts_at__lt=_day_start(date_to + dt.timedelta(days=1)))
    return shifts.order_by("session__starts_at", "id")


def own_claims(person: Person) -> QuerySet[Claim]:
    """A volunteer's claims with their shifts and records, latest shift first."""
    return (
        Claim.objects.filter(person=person)
        .select_related("shift__session", "shift__task__activity", "record")
        .order_by("-shift__session__starts_at", "-id")
    )


@dataclass(frozen=True)
class YearHours:
    year: int
    verified: Decimal
    pending: Decimal
    records: list[ServiceRecord]


def _records_of_year(year: int) -> QuerySet[ServiceRecord]:
    """The records of shifts that started in ``year`` (the one rule of a year's hours)."""
    return (
        ServiceRecord.objects.filter(
            claim__shift__session__starts_at__gte=_day_start(dt.date(year, 1, 1)),
            claim__shift__session__starts_at__lt=_day_start(dt.date(year + 1, 1, 1)),
        )
        .select_related("claim__shift__session", "claim__shift__task__activity")
        .order_by("claim__shift__session__starts_at", "id")
    )


def _year_hours(year: int, records: list[ServiceRecord]) -> YearHours:
    verified = sum((r.hours for r in records if r.status == ServiceRecord.Status.VERIFIED), Decimal(0))
    pending = sum((r.hours for r in records if r.status == ServiceRecord.Status.PENDING), Decimal(0))
    return YearHours(year=year, verified=verified, pending=pending, records=records)


def hours_of_year(person: Person, year: int) -> YearHours:
    """The person's records of shifts that started in ``year`` (one query)."""
    return _year_hours(year, list(_records_of_year(year).filter(claim__person=person)))


def hours_by_person(subdistrict_id: int, year: int) -> dict[int, YearHours]:
    """Every volunteer's hours of ``year`` in the sub-district, by person id (one query)."""
    by_person: dict[int, list[ServiceRecord]] = {}
    for record in _records_of_year(year).filter(subdistrict_id=subdistrict_id).select_related("claim"):
        by_person.setdefault(record.claim.person_id, []).append(record)
    return {person_id: _year_hours(year, records) for person_id, records in by_person.items()}


def certificate_by_number(number: str) -> Certificate | None:
    """A certificate by its printed number, as typed (the public verification)."""
    return Certificate.objects.filter(number=normalise_certificate_number(number)).first()


def shift_claims(shift: Shift) -> QuerySet[Claim]:
    """Every claim of a shift with its person and record (the organiser's list)."""
    return Claim.objects.filter(shift=shift).select_related("person", "record").order_by("status", "created_at", "id")


def pending_records(subdistrict_id: int) -> QuerySet[ServiceRecord]:
    return (
        ServiceRecord.objects.filter(subdistrict_id=subdistrict_id, status=ServiceRecord.Status.PENDING)
        .select_related("claim__person", "claim__shift__session", "claim__shift__task__activity")
        .order_by("created_at", "id")
    )


def active_claims_by_shift(person: Person, shift_ids: Collection[int]) -> dict[int, Claim]:
    """The person's active claims of these shifts, by shift (the shift list's buttons)."""
    return {c.shift_id: c for c in Claim.objects.filter(person=person, shift_id__in=list(shift_ids), status__in=ACTIVE)}


def own_certificates(person: Person) -> list[Certificate]:
    return list(Certificate.objects.filter(person=person).order_by("-issued_on", "-id")[:20])


def task_overview(tasks: QuerySet[Task]) -> QuerySet[Task]:
    """Tasks with their number of shifts, upcoming shifts and verified hours."""
    now = timezone.now()
    return tasks.annotate(
        shift_count=Count("shifts", distinct=True),
        upcoming=Count("shifts", filter=Q(shifts__session__starts_at__gt=now), distinct=True),
    ).order_by("-created_at", "-id")


def task_shifts(task: Task) -> QuerySet[Shift]:
    return task.shifts.select_related("session").order_by("-session__starts_at", "-id")


def areas_for_needs(actor: Actor) -> QuerySet[ResidentialArea]:
    """The areas the actor reports needs for: all (the centre) or their own."""
    areas = ResidentialArea.objects.filter(subdistrict_id=actor.subdistrict_id or 0)
    if is_manager(actor):
        return areas
    return areas.filter(pk__in=actor.area_ids(Role.AREA_UNION_CHAIR))


def certificate_register(certificates: QuerySet[Certificate]) -> QuerySet[Certificate]:
    """Certificates with who issued and revoked them, latest first."""
    return certificates.select_related("issued_by", "revoked_by").order_by("-issued_on", "-id")
