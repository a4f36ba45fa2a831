"""畅心屋 booking pages of residents and counsellors. Thin: access → service → response.

Residents (phone first): find a slot by date → confirm (anonymity, consent) → done with
the ICS link; my appointments (cancel), the waitlist and its offers.
Counsellors: their own caseload (attended / no-show, the record page of each).
"""

from typing import TypeVar

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiedao.accounts.policy import request_actor, signed_in, staff
from jiedao.core.downloads import download_response
from jiedao.core.errors import DomainError
from jiedao.core.pages import form_status, run_service
from jiedao.core.paging import page_of
from jiedao.counselling import access, consent, selectors, services
from jiedao.counselling.forms import BookForm, CancelForm, DayForm, WaitlistForm
from jiedao.counselling.ics import appointment_ics
from jiedao.counselling.models import Appointment
from jiedao.people.access import own_person
from jiedao.people.models import Person
from jiedao.residents.step_up import fresh_code_required

F = TypeVar("F", BookForm, WaitlistForm)


def consent_context(needs_consent: bool) -> dict[str, object]:
    """What a page that may ask for the consent shows of it."""
    return {
        "needs_consent": needs_consent,
        "consent_text": consent.current_text(),
        "consent_version": consent.CURRENT_VERSION,
    }


def ics_download(appointment: Appointment) -> HttpResponse:
    """An appointment's calendar file (a person's own calendar: never cached)."""
    return download_response(
        appointment_ics(appointment),
        filename=f"appointment-{appointment.pk}.ics",
        content_type="text/calendar; charset=utf-8",
    )


def _own_form(request: HttpRequest, form_class: type[F]) -> tuple[Person | None, bool, F]:
    """A resident's confirm form (booking, waitlist): their person, whether the consent
    must be given first, and the form (refused outright for an unlinked account)."""
    person = own_person(request_actor(request))
    needs_consent = person is not None and selectors.current_consent(person) is None
    form = form_class(request.POST if request.method == "POST" else None, needs_consent=needs_consent)
    if form.is_bound and person is None:
        form.add_error(None, _("您的账号尚未关联人员信息，请联系所在居民区，或致电咨询室由工作人员代为预约。"))
    return person, needs_consent, form


# ---------------------------------------------------------------- residents


@signed_in
def index(request: HttpRequest) -> HttpResponse:
    """Find a slot: the next days as big buttons, the free slots of the chosen day."""
    actor = request_actor(request)
    studio_pk = request.GET.get("studio", "")
    studio = access.open_studio(actor, int(studio_pk) if studio_pk.isdigit() else None)
    person = own_person(actor)
    context = {
        **selectors.finder(actor, person, studio=studio, day=DayForm(request.GET).day()),
        "person": person,
        "can_manage": access.can_manage(actor),
        "is_counsellor": actor.has_role(*access.COUNSELLOR_ROLES),
        "can_read_records": actor.has_role(*access.READ_ROLES),
        "can_see_stats": access.can_see_stats(actor),
    }
    return render(request, "counselling/index.html", context)


@signed_in
def slot_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    slot = access.slot_for_actor(actor, pk)
    person, needs_consent, form = _own_form(request, BookForm)
    if form.is_bound and person is not None:
        appointment = run_service(form, services.book, actor=actor, person=person, slot_id=slot.pk, request=request)
        if appointment is not None:
            return redirect("counselling:appointment_done", pk=appointment.pk)
    # Taken (or no longer bookable) since the list was shown, or refused just now:
    # the nearest free slots of the studio instead.
    gone = (not form.is_bound or bool(form.errors)) and not selectors.is_bookable(slot)
    notice = ""
    if gone and not form.is_bound:  # said before the form is filled
        notice = _("该时段已被预约。") if selectors.is_taken(slot) else _("该时段不可预约，请选择其他时段。")
    alternatives = selectors.alternatives(slot) if gone else []
    context = {
        "slot": slot,
        "form": form,
        "person": person,
        "alternatives": alternatives,
        "notice": notice,
        **consent_context(needs_consent),
    }
    return render(request, "counselling/confirm.html", context, status=form_status(form))


@signed_in
def appointment_done(request: HttpRequest, pk: int) -> HttpResponse:
    appointment = access.appointment_for_actor(request_actor(request), pk)
    return render(request, "counselling/done.html", {"appointment": appointment})


@signed_in
@fresh_code_required  # one's own appointments: a fresh proof first (residents.step_up)
def mine(request: HttpRequest) -> HttpResponse:
    person = own_person(request_actor(request))
    context = {
        "person": person,
        "page": page_of(request, selectors.my_appointments(person)),
        "waitlist": selectors.my_waitlist(person),
        "now": timezone.now(),
        "consent": selectors.current_consent(person) if person else None,
    }
    return render(request, "counselling/mine.html", context)


@signed_in
def appointment_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    appointment = access.appointment_for_actor(actor, pk)
    is_client = access.is_client(actor, appointment)
    form = CancelForm(request.POST if request.method == "POST" else None)
    if form.is_bound and run_service(form, services.cancel, actor=actor, appointment=appointment, request=request):
        messages.success(request, _("预约已取消。"))
        if is_client:
            return redirect("counselling:mine")
        if access.own_counsellor(actor) is not None and not access.can_manage(actor):
            return redirect("counselling:caseload")
        return redirect("counselling:schedule", pk=appointment.slot.room.studio_id)
    context = {
        "appointment": appointment,
        "form": form,
        "is_client": is_client,
        "label": access.client_label(actor, appointment),
    }
    return render(request, "counselling/cancel.html", context, status=form_status(form))


@signed_in
def appointment_ics_file(request: HttpRequest, pk: int) -> HttpResponse:
    return ics_download(access.appointment_for_actor(request_actor(request), pk))


@signed_in
def waitlist_join(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    studio = access.open_studio_or_404(actor, pk)
    person, needs_consent, form = _own_form(request, WaitlistForm)
    if (
        form.is_bound
        and person is not None
        and run_service(form, services.waitlist_join, actor=actor, person=person, studio=studio, request=request)
    ):
        messages.success(request, _("已加入候补名单。有人取消时我们会短信通知您。"))
        return redirect("counselling:mine")
    context = {"studio": studio, "form": form, "person": person, **consent_context(needs_consent)}
    return render(request, "counselling/waitlist.html", context, status=form_status(form))


@signed_in
@require_POST
def offer_accept(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    entry = access.own_waitlist_entry(actor, pk)
    try:
        appointment = services.offer_accept(actor=actor, entry=entry, request=request)
    except services.SlotTaken:
        # Booked by someone else meanwhile: the slot's page says so, with the nearest
        # free alternatives, as for any other booking.
        return redirect("counselling:slot_confirm", pk=entry.offered_slot_id)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("counselling:mine")
    return redirect("counselling:appointment_done", pk=appointment.pk)


@signed_in
@require_POST
def consent_withdraw(request: HttpRequest) -> HttpResponse:
    """PIPL art. 15: the consent can be withdrawn at any time; no new bookings after it."""
    actor = request_actor(request)
    person = own_person(actor)
    if person is None:
        raise Http404
    if services.consent_withdraw(actor=actor, person=person, request=request):
        messages.success(request, _("已撤回同意。再次预约前需要重新阅读并同意。"))
    return redirect("counselling:mine")


@signed_in
@require_POST
def waitlist_leave(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    services.waitlist_leave(actor=actor, entry=access.own_waitlist_entry(actor, pk), request=request)
    messages.success(request, _("已退出候补。"))
    return redirect("counselling:mine")


# ---------------------------------------------------------------- counsellors


@staff(*access.COUNSELLOR_ROLES)
def caseload(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    counsellor = access.own_counsellor(actor)
    upcoming = request.GET.get("when") != "past"
    now = timezone.now()
    page = page_of(request, selectors.caseload(counsellor, upcoming=upcoming, now=now))
    rows = [{"a": a, "started": a.starts_at <= now, "client": access.client_label(actor, a)} for a in page]
    context = {"counsellor": counsellor, "page": page, "rows": rows, "upcoming": upcoming}
    return render(request, "counselling/caseload.html", context)


@staff(*access.COUNSELLOR_ROLES)
@require_POST
def appointment_mark(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    appointment = access.appointment_for_actor(actor, pk)
    try:
        services.mark(actor=actor, appointment=appointment, status=request.POST.get("status", ""), request=request)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已登记。"))
    return redirect("counselling:caseload")
