"""Pages of the confidential side: the record of one appointment (its counsellor
views and edits it; a supervisor states a reason, then reads it), the referral form,
the list of records one may open, and the aggregate statistics.

Thin: access (``record_access``) → service (``records``, ``stats``) → response.
Every answer that shows a record is ``Cache-Control: no-store``.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from jiedao.accounts.policy import request_actor, staff
from jiedao.core.models import AuditEntry
from jiedao.core.paging import page_of
from jiedao.counselling import record_access, records
from jiedao.counselling.models import Appointment, RiskLevel, SessionRecord
from jiedao.counselling.record_forms import ReadReasonForm, RecordForm, ReferralForm, StatsForm
from jiedao.counselling.stats import counselling_stats


def _private(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, no_store=True, private=True)
    return response


def _read_history(record: SessionRecord | None) -> list[AuditEntry]:
    """The supervisors' reads of a record, shown to its counsellor (one query)."""
    if record is None:
        return []
    return list(
        AuditEntry.objects.filter(
            subdistrict_id=record.subdistrict_id,
            object_type=records.RECORD_LABEL,
            object_id=str(record.pk),
            action=AuditEntry.Action.REVEAL,
            detail__as="supervisor",
        ).order_by("-created_at", "-id")[:20]
    )


def _initial(view: records.RecordView) -> dict[str, Any]:
    if view.record is None:
        return {"risk_level": RiskLevel.NONE}
    return {"notes": view.record.notes, "topics": view.topics, "risk_level": view.record.risk_level}


@staff(*record_access.READ_ROLES)
@require_http_methods(["GET", "POST"])
def record_page(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    appointment, capacity = record_access.appointment_for_reader(actor, pk)
    if capacity == "supervisor":
        return _supervisor_page(request, appointment)
    form: RecordForm | None = None
    if request.method == "POST":
        form = RecordForm(request.POST)
        if form.is_valid():
            try:
                records.record_save(actor=actor, appointment=appointment, request=request, **form.service_arguments())
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, _("咨询记录已保存。"))
                return redirect("counselling:record", pk=appointment.pk)
    view = records.record_read(actor=actor, appointment=appointment, request=request)
    if form is None:
        form = RecordForm(initial=_initial(view))
    context = {
        "appointment": appointment,
        "view": view,
        "form": form,
        "read_history": _read_history(view.record),
        "not_started": appointment.starts_at > timezone.now(),
    }
    status = 400 if form.is_bound and form.errors else 200
    return _private(render(request, "counselling/record_edit.html", context, status=status))


def _supervisor_page(request: HttpRequest, appointment: Appointment) -> HttpResponse:
    """GET: the reason form only. POST with a reason: the record, read-only, once."""
    actor = request_actor(request)
    form = ReadReasonForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            view = records.record_read(
                actor=actor, appointment=appointment, reason=form.cleaned_data["reason"], request=request
            )
        except ValidationError as exc:
            form.add_error("reason", exc.message_dict.get("reason", exc.messages))
        else:
            context = {"appointment": appointment, "view": view, "reason": form.cleaned_data["reason"]}
            return _private(render(request, "counselling/record_view.html", context))
    status = 400 if form.is_bound else 200
    return _private(
        render(request, "counselling/record_reason.html", {"appointment": appointment, "form": form}, status=status)
    )


@staff(*record_access.WRITE_ROLES)
@require_http_methods(["GET", "POST"])
def referral_page(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    appointment = record_access.appointment_for_counsellor(actor, pk)
    form = ReferralForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            records.referral_add(actor=actor, appointment=appointment, request=request, **form.service_arguments())
        except (ValidationError, PermissionDenied) as exc:
            form.add_service_errors(exc if isinstance(exc, ValidationError) else ValidationError(str(exc)))
        else:
            messages.success(request, _("转介已登记。"))
            return redirect("counselling:record", pk=appointment.pk)
    status = 400 if form.is_bound and form.errors else 200
    return _private(
        render(request, "counselling/record_referral.html", {"appointment": appointment, "form": form}, status=status)
    )


@staff(*record_access.READ_ROLES)
def record_list(request: HttpRequest) -> HttpResponse:
    """A counsellor's appointments so far (with or without a record); a supervisor's
    list of the sub-district's records (no client, no content)."""
    actor = request_actor(request)
    now = timezone.now()
    if actor.has_role(*record_access.WRITE_ROLES):
        rows = (
            record_access.own_appointments(actor)
            .filter(starts_at__lte=now)
            .exclude(status=Appointment.Status.CANCELLED)
            .select_related("person", "slot__room__studio")
            .order_by("-starts_at", "-id")
        )
        supervising = False
    else:
        rows = (
            record_access.supervised_appointments(actor)
            .select_related("counsellor__person", "slot__room__studio")
            .order_by("-starts_at", "-id")
        )
        supervising = True
    page = page_of(request, rows.defer("cancel_reason"))
    with_record = set(
        SessionRecord.objects.filter(appointment_id__in=[a.pk for a in page.object_list]).values_list(
            "appointment_id", flat=True
        )
    )
    context = {"page": page, "with_record": with_record, "supervising": supervising}
    return render(request, "counselling/record_list.html", context)


@staff(*record_access.SUPERVISE_ROLES)
def record_reads(request: HttpRequest) -> HttpResponse:
    """Oversight for the supervisor: every read of a session record in the
    sub-district — who, which record (its own number), when, in which capacity and
    why. The general audit log leaves these entries out; no client is named here."""
    actor = request_actor(request)
    reads = AuditEntry.objects.filter(
        subdistrict_id=actor.subdistrict_id or 0,
        object_type=records.RECORD_LABEL,
        action=AuditEntry.Action.REVEAL,
    ).order_by("-created_at", "-id")
    page = page_of(request, reads.only("created_at", "actor_name", "object_id", "detail"))
    return _private(render(request, "counselling/record_reads.html", {"page": page}))


@staff(*record_access.STATS_ROLES)
def stats_page(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    assert actor.subdistrict_id is not None
    form = StatsForm(request.GET or None)
    year = form.chosen_year()
    data = counselling_stats(subdistrict_id=actor.subdistrict_id, year=year)
    chart = {
        "min_people": data["min_people"],
        "months": [{"name": _("%(m)d月") % {"m": int(m["key"][5:])}, "value": m["value"]} for m in data["months"]],
        "topics": [{"name": t["label"], "value": t["value"]} for t in data["topics"] if not t["suppressed"]],
    }
    return render(request, "counselling/stats.html", {"form": form, "data": data, "chart": chart, "year": year})
