"""Pages of the confidential side: the record of one appointment (its counsellor
views and edits it; a supervisor states a reason, then reads it), the referral form,
the list of records one may open, and the aggregate statistics.

Thin: access → service (``services.record_save``, ``services.record_read``, …) →
response. Every answer that shows a record is ``Cache-Control: no-store``.
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from jiedao.accounts.policy import request_actor, staff
from jiedao.core.pages import form_status, run_service
from jiedao.core.paging import page_of
from jiedao.counselling import access, selectors, services
from jiedao.counselling.dashboard import months_chart
from jiedao.counselling.forms import ReadReasonForm, RecordForm, ReferralForm, StatsForm
from jiedao.counselling.models import Appointment, RiskLevel


def _private(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, no_store=True, private=True)
    return response


@staff(*access.READ_ROLES)
@require_http_methods(["GET", "POST"])
def record_page(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    appointment, capacity = access.appointment_for_reader(actor, pk)
    if capacity == "supervisor":
        return _supervisor_page(request, appointment)
    form: RecordForm | None = None
    if request.method == "POST":
        form = RecordForm(request.POST)
        saved = run_service(
            form,
            services.record_save,
            field_names=RecordForm.field_names,
            actor=actor,
            appointment=appointment,
            request=request,
        )
        if saved is not None:
            messages.success(request, _("咨询记录已保存。"))
            return redirect("counselling:record", pk=appointment.pk)
    view = services.record_read(actor=actor, appointment=appointment, request=request)
    if form is None:
        record = view.record
        initial = (
            {"notes": record.notes, "topics": view.topics, "risk_level": record.risk_level}
            if record
            else {"risk_level": RiskLevel.NONE}
        )
        form = RecordForm(initial=initial)
    context = {
        "appointment": appointment,
        "view": view,
        "form": form,
        "read_history": selectors.read_history(view.record),
        "not_started": appointment.starts_at > timezone.now(),
    }
    return _private(render(request, "counselling/record_edit.html", context, status=form_status(form)))


def _supervisor_page(request: HttpRequest, appointment: Appointment) -> HttpResponse:
    """GET: the reason form only. POST with a reason: the record, read-only, once."""
    actor = request_actor(request)
    form = ReadReasonForm(request.POST if request.method == "POST" else None)
    if form.is_bound:
        view = run_service(form, services.record_read, actor=actor, appointment=appointment, request=request)
        if view is not None:
            context = {"appointment": appointment, "view": view, "reason": form.cleaned_data["reason"]}
            return _private(render(request, "counselling/record_view.html", context))
    context = {"appointment": appointment, "form": form}
    return _private(render(request, "counselling/record_reason.html", context, status=form_status(form)))


@staff(*access.WRITE_ROLES)
@require_http_methods(["GET", "POST"])
def referral_page(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    appointment = access.appointment_for_counsellor(actor, pk)
    form = ReferralForm(request.POST if request.method == "POST" else None)
    if form.is_bound and run_service(
        form, services.referral_add, actor=actor, appointment=appointment, request=request
    ):
        messages.success(request, _("转介已登记。"))
        return redirect("counselling:record", pk=appointment.pk)
    context = {"appointment": appointment, "form": form}
    return _private(render(request, "counselling/record_referral.html", context, status=form_status(form)))


@staff(*access.READ_ROLES)
def record_list(request: HttpRequest) -> HttpResponse:
    """A counsellor's appointments so far (with or without a record); a supervisor's
    list of the sub-district's records (no client, no content)."""
    rows, supervising = selectors.record_list(request_actor(request))
    page = page_of(request, rows)
    context = {"page": page, "with_record": selectors.with_record(list(page)), "supervising": supervising}
    return render(request, "counselling/record_list.html", context)


@staff(*access.SUPERVISE_ROLES)
def record_reads(request: HttpRequest) -> HttpResponse:
    """Oversight for the supervisor: every read of a session record in the
    sub-district — who, which record (its own number), when, in which capacity and
    why. The general audit log leaves these entries out; no client is named here."""
    page = page_of(request, selectors.record_reads(request_actor(request)))
    return _private(render(request, "counselling/record_reads.html", {"page": page}))


@staff(*access.STATS_ROLES)
def stats_page(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    assert actor.subdistrict_id is not None
    form = StatsForm(request.GET or None)
    year = form.chosen_year()
    data = selectors.counselling_stats(subdistrict_id=actor.subdistrict_id, year=year)
    chart = months_chart(data, key="counselling-stats")
    return render(request, "counselling/stats.html", {"form": form, "data": data, "chart": chart, "year": year})
