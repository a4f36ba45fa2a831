"""志愿服务记录证明 (民政部令第67号): the verified hours of one person for a
period, issued once — issuing again for the same person and period gives the same
certificate (the database holds one valid certificate per person and period), and a
period overlapping another valid certificate's is refused (checked under a lock on
the volunteer's registry row, so two issues at once cannot both pass). The
centre revokes one with a reason; the period may then be certified again under a
new number, and the public check shows the old one revoked."""

import datetime as dt
from collections import Counter
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from jiedao.accounts.actor import Actor
from jiedao.core import audit
from jiedao.core.certificates import new_certificate_number
from jiedao.core.errors import Conflict, Forbidden
from jiedao.core.models import AuditEntry
from jiedao.core.services import change_detail, clean_text, new_errors, raise_if
from jiedao.core.validators import mask_id_number_last_four
from jiedao.people.access import own_person
from jiedao.people.models import Person
from jiedao.volunteering.access import is_manager
from jiedao.volunteering.models import Certificate, ServiceRecord
from jiedao.volunteering.services.claims import settings_for, volunteer_number

PREFIX = "ZY"
MAX_PERIOD_DAYS = 366 * 5


def period_records(person: Person, date_from: dt.date, date_to: dt.date) -> QuerySet[ServiceRecord]:
    """The person's verified records of shifts that started within the dates (local)."""
    zone = timezone.get_current_timezone()
    start = dt.datetime.combine(date_from, dt.time.min, tzinfo=zone)
    end = dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    return ServiceRecord.objects.filter(
        claim__person=person,
        status=ServiceRecord.Status.VERIFIED,
        claim__shift__session__starts_at__gte=start,
        claim__shift__session__starts_at__lt=end,
    ).select_related("claim__shift__task__activity")


def _content(records: list[ServiceRecord]) -> str:
    """Each task served, with the number of shifts and their hours, most served first:
    社区助老陪伴（3次，6小时）、…"""
    counts = Counter(r.claim.shift.task.activity.title for r in records)
    hours: dict[str, Decimal] = {}
    for r in records:
        title = r.claim.shift.task.activity.title
        hours[title] = hours.get(title, Decimal(0)) + r.hours
    return "、".join(
        _("%(task)s（%(n)d次，%(hours)s小时）") % {"task": title, "n": n, "hours": _plain(hours[title])}
        for title, n in sorted(counts.items(), key=lambda i: (-i[1], i[0]))
    )


def _plain(hours: Decimal) -> str:
    """2.50 → 2.5, 6.00 → 6."""
    text = f"{hours:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _valid(person: Person, date_from: dt.date, date_to: dt.date) -> Certificate | None:
    return Certificate.objects.filter(
        person=person, period_start=date_from, period_end=date_to, revoked_at__isnull=True
    ).first()


def _overlapping(person: Person, date_from: dt.date, date_to: dt.date) -> Certificate | None:
    """A valid certificate of ``person`` whose period shares a day with the dates."""
    return (
        Certificate.objects.filter(
            person=person, revoked_at__isnull=True, period_start__lte=date_to, period_end__gte=date_from
        )
        .order_by("period_start", "id")
        .first()
    )


def issue_certificate(
    *,
    actor: Actor,
    person: Person,
    date_from: dt.date | None,
    date_to: dt.date | None,
    request: HttpRequest | None = None,
) -> tuple[Certificate, bool]:
    """The certificate of ``person``'s verified hours between the dates:
    ``(certificate, True)`` when issued now, ``(the one issued before, False)``.
    A period that overlaps another valid certificate's (but is not the same) is
    refused (409 ``period_overlaps``): the same hours are never certified twice.
    The volunteer asks for their own; the centre issues anyone's."""
    if not is_manager(actor) and own_person(actor) != person:
        raise Forbidden(_("只能为本人出具志愿服务记录证明。"))
    errors: dict[str, list[str]] = {}
    today = timezone.localdate()
    if date_from is None:
        errors["date_from"] = [_("请填写起始日期。")]
    if date_to is None:
        errors["date_to"] = [_("请填写截止日期。")]
    elif date_to > today:
        errors["date_to"] = [_("截止日期不能晚于今天。")]
    elif date_from is not None and date_to < date_from:
        errors["date_to"] = [_("截止日期不能早于起始日期。")]
    elif date_from is not None and (date_to - date_from).days > MAX_PERIOD_DAYS:
        errors["date_from"] = [_("一次最多证明五年内的服务。")]
    if errors:
        raise ValidationError(errors)
    assert date_from is not None and date_to is not None
    with transaction.atomic():
        # The volunteer's row locked: two issues at once for overlapping periods are
        # decided one after the other (SQLite's IMMEDIATE transactions serialise them
        # anyway; an exclusion constraint would not be portable).
        Person.objects.select_for_update().filter(pk=person.pk).values_list("pk", flat=True).first()
        found = _valid(person, date_from, date_to)
        if found is not None:
            return found, False
        overlapping = _overlapping(person, date_from, date_to)
        if overlapping is not None:
            raise Conflict(
                _(
                    "这段时间与已出具的证明%(number)s（%(start)s至%(end)s）重叠，同一服务时长不能重复证明。"
                    "如需改变时段，请先作废原证明。"
                )
                % {
                    "number": overlapping.number,
                    "start": overlapping.period_start.isoformat(),
                    "end": overlapping.period_end.isoformat(),
                },
                code="period_overlaps",
                details={"certificate": overlapping.number},
            )
        records = list(period_records(person, date_from, date_to))
        hours = sum((r.hours for r in records), Decimal(0))
        if hours <= 0:
            raise Conflict(_("这段时间内没有已核实的服务时长。"), code="no_hours")
        settings = settings_for(person.subdistrict_id)
        if not (settings.issuer_name and settings.person_in_charge and settings.handler and settings.issuer_contact):
            raise Conflict(
                _("党群服务中心尚未设置出具组织、负责人、经办人和联系电话，暂不能出具证明。"), code="issuer_missing"
            )
        certificate = Certificate.objects.create(
            subdistrict_id=person.subdistrict_id,
            number=new_certificate_number(PREFIX),
            person=person,
            name=person.name,
            id_type=Certificate.ID_TYPE,
            id_number_masked=mask_id_number_last_four(person.id_number),
            period_start=date_from,
            period_end=date_to,
            hours=hours,
            content=_content(records),
            volunteer_number=volunteer_number(person),
            issuer_name=settings.issuer_name,
            person_in_charge=settings.person_in_charge,
            handler=settings.handler,
            issuer_contact=settings.issuer_contact,
            issued_on=today,
            issued_by=actor.user,
        )
        audit.record_created(
            actor=actor,
            obj=certificate,
            values={"person": person.pk, "period_start": date_from, "period_end": date_to, "hours": hours},
            request=request,
        )
    return certificate, True


@transaction.atomic
def revoke_certificate(
    *, actor: Actor, certificate: Certificate, reason: str, request: HttpRequest | None = None
) -> Certificate:
    """The centre revokes a certificate (作废) with a reason, audited; the public check
    then shows it revoked, and the period may be certified again."""
    if not is_manager(actor):
        raise Forbidden(_("只有党群服务中心可以作废证明。"))
    errors = new_errors()
    reason = clean_text(errors, "reason", reason, max_length=200, required=True)
    raise_if(errors)
    current = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if current.revoked_at is not None:
        raise Conflict(_("该证明已作废。"), code="already_revoked")
    now = timezone.now()
    Certificate.objects.filter(pk=current.pk).update(revoked_at=now, revoked_reason=reason, revoked_by=actor.user)
    audit.record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        obj=current,
        request=request,
        detail=change_detail({"revoked_at": [None, now.isoformat()]}, reason=reason),
    )
    current.refresh_from_db()
    return current
