"""畅心屋 booking pages. Thin: access → service → response.

Residents (phone first): find a slot by date → confirm (anonymity, consent) → done with
the ICS link; my appointments (cancel), the waitlist and its offers.
Counsellors: their own caseload (attended / no-show, the record page of each).
Offices: studios and their rules, rooms, counsellors, exceptions, the national calendar,
each studio's schedule, and booking on someone's behalf (a phone call).
"""

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiedao.accounts.actor import Actor
from jiedao.accounts.policy import request_actor, signed_in, staff
from jiedao.core.holidays import calendar_day_delete, calendar_day_save, library_knows
from jiedao.core.models import CalendarDay
from jiedao.core.paging import page_of
from jiedao.counselling import booking, booking_access, consent, record_access
from jiedao.counselling.booking_access import (
    COUNSELLOR_ROLES,
    MANAGE_ROLES,
    appointment_for_actor,
    can_manage,
    client_label,
    own_counsellor,
    own_person,
    studio_for_manager,
    studios_visible_to,
)
from jiedao.counselling.booking_forms import (
    BehalfForm,
    BookForm,
    CalendarDayForm,
    CancelForm,
    CounsellorForm,
    DayForm,
    ExceptionForm,
    PersonSearchForm,
    RoomForm,
    RuleForm,
    StudioForm,
    WaitlistForm,
)
from jiedao.counselling.booking_setup import config_delete, config_save
from jiedao.counselling.ics import appointment_ics
from jiedao.counselling.models import (
    ACTIVE_STATUSES,
    Appointment,
    AvailabilityException,
    AvailabilityRule,
    Counsellor,
    Slot,
    Studio,
    WaitlistEntry,
)
from jiedao.counselling.slots import generate_all
from jiedao.people.access import people_visible_to, person_for_actor
from jiedao.people.models import Person

DAYS_SHOWN = 14


def _studio_of_request(request: HttpRequest, actor: Actor) -> Studio | None:
    studios = studios_visible_to(actor).filter(is_active=True)
    pk = request.GET.get("studio", "")
    if pk.isdigit():
        return studios.filter(pk=int(pk)).first()
    return studios.first()


# ---------------------------------------------------------------- residents


@signed_in
def index(request: HttpRequest) -> HttpResponse:
    """Find a slot: the next days as big buttons, the free slots of the chosen day."""
    actor = request_actor(request)
    studio = _studio_of_request(request, actor)
    today = timezone.localdate()
    day = DayForm(request.GET).day()
    horizon = studio.horizon_days if studio else DAYS_SHOWN
    day = min(max(day, today), today + dt.timedelta(days=horizon))
    slots: list[Slot] = []
    if studio is not None:
        slots = list(booking.available_slots(actor.subdistrict_id or 0, studio=studio, date_from=day, date_to=day))
    days = [today + dt.timedelta(days=i) for i in range(min(horizon, DAYS_SHOWN) + 1)]
    person = own_person(actor)
    upcoming = (
        Appointment.objects.filter(person=person, status=Appointment.Status.BOOKED, starts_at__gte=timezone.now())
        .select_related("slot__room__studio", "counsellor__person")
        .order_by("starts_at")
        .first()
        if person
        else None
    )
    # Say before a slot is picked that the chosen day's week is already used up
    # (the confirm page refuses it: 每人每周最多预约n次).
    week_full = False
    if person is not None and studio is not None and slots:
        week_start, week_end = booking.iso_week_bounds(timezone.make_aware(dt.datetime.combine(day, dt.time(12))))
        in_week = Appointment.objects.filter(
            person=person, status__in=ACTIVE_STATUSES, starts_at__gte=week_start, starts_at__lt=week_end
        ).count()
        week_full = in_week >= studio.max_active_per_week
    context = {
        "week_full": week_full,
        "upcoming": upcoming,
        "studio": studio,
        "studios": studios_visible_to(actor).filter(is_active=True),
        "day": day,
        "days": days,
        "slots": slots,
        "person": person,
        "can_manage": can_manage(actor),
        "is_counsellor": actor.has_role(*COUNSELLOR_ROLES),
        "can_read_records": actor.has_role(*record_access.READ_ROLES),
        "can_see_stats": record_access.can_see_stats(actor),
    }
    return render(request, "counselling/index.html", context)


def _own_person_or_404(actor: Actor) -> Person:
    person = own_person(actor)
    if person is None:
        raise Http404
    return person


def _visible_slot(actor: Actor, pk: int) -> Slot:
    slot = (
        Slot.objects.select_related("room__studio", "counsellor__person")
        .filter(pk=pk, subdistrict_id=actor.subdistrict_id or 0)
        .first()
    )
    if slot is None:
        raise Http404
    return slot


@signed_in
def slot_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    slot = _visible_slot(actor, pk)
    person = own_person(actor)
    needs_consent = person is not None and booking.current_consent(person) is None
    form = BookForm(request.POST if request.method == "POST" else None, needs_consent=needs_consent)
    status = 200
    alternatives: list[Slot] = []
    notice = ""
    if person is not None and form.is_bound and form.is_valid():
        try:
            if needs_consent:
                booking.consent_give(actor=actor, person=person, version=consent.CURRENT_VERSION, request=request)
            appointment = booking.book(
                actor=actor,
                person=person,
                slot_id=slot.pk,
                anonymous=form.cleaned_data["anonymous"],
                pseudonym=form.cleaned_data["pseudonym"],
                request=request,
            )
        except booking.SlotTaken as exc:
            alternatives, status = exc.alternatives, 409
            form.add_error(None, exc.message)
        except booking.BookingRefused as exc:
            form.add_error(None, exc.message)
            status = exc.status
        else:
            return redirect("counselling:appointment_done", pk=appointment.pk)
    elif form.is_bound:
        status = 400
    elif not booking.available_slots(slot.subdistrict_id, studio=slot.room.studio).filter(pk=slot.pk).exists():
        # Taken (or no longer bookable) since the list was shown: say so before the form is filled.
        alternatives = booking.alternatives(slot)
        notice = _("该时段已被预约。") if booking.is_taken(slot) else _("该时段不可预约，请选择其他时段。")
    context = {
        "slot": slot,
        "form": form,
        "person": person,
        "needs_consent": needs_consent,
        "consent_text": consent.current_text(),
        "consent_version": consent.CURRENT_VERSION,
        "alternatives": alternatives,
        "notice": notice,
    }
    return render(request, "counselling/confirm.html", context, status=status)


@signed_in
def appointment_done(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    appointment = appointment_for_actor(actor, pk)
    return render(request, "counselling/done.html", {"appointment": appointment})


@signed_in
def mine(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    person = own_person(actor)
    appointments = (
        Appointment.objects.filter(person=person)
        .select_related("slot__room__studio", "counsellor__person")
        .order_by("-starts_at", "-id")
        if person
        else Appointment.objects.none()
    )
    waitlist = (
        WaitlistEntry.objects.filter(person=person, status__in=("waiting", "offered"))
        .select_related("studio", "offered_slot__counsellor__person")
        .order_by("created_at")
        if person
        else WaitlistEntry.objects.none()
    )
    context = {
        "person": person,
        "page": page_of(request, appointments),
        "waitlist": waitlist,
        "now": timezone.now(),
        "consent": booking.current_consent(person) if person else None,
    }
    return render(request, "counselling/mine.html", context)


@signed_in
def appointment_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    appointment = appointment_for_actor(actor, pk)
    is_client = booking_access.is_client(actor, appointment)
    form = CancelForm(request.POST if request.method == "POST" else None)
    status = 200
    if form.is_bound and form.is_valid():
        try:
            booking.cancel(actor=actor, appointment=appointment, reason=form.cleaned_data["reason"], request=request)
        except booking.BookingRefused as exc:
            form.add_error("reason" if exc.code == "reason_required" else None, exc.message)
            status = exc.status
        else:
            messages.success(request, _("预约已取消。"))
            if is_client:
                return redirect("counselling:mine")
            if own_counsellor(actor) is not None and not can_manage(actor):
                return redirect("counselling:caseload")
            return redirect("counselling:schedule", pk=appointment.slot.room.studio_id)
    context = {
        "appointment": appointment,
        "form": form,
        "is_client": is_client,
        "label": client_label(actor, appointment),
    }
    return render(request, "counselling/cancel.html", context, status=status)


@signed_in
def appointment_ics_file(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    appointment = appointment_for_actor(actor, pk)
    response = HttpResponse(appointment_ics(appointment), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="appointment-{appointment.pk}.ics"'
    return response


@signed_in
def waitlist_join(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    studio = studios_visible_to(actor).filter(pk=pk, is_active=True).first()
    if studio is None:
        raise Http404
    person = own_person(actor)
    needs_consent = person is not None and booking.current_consent(person) is None
    form = WaitlistForm(request.POST if request.method == "POST" else None, needs_consent=needs_consent)
    status = 200
    if person is not None and form.is_bound and form.is_valid():
        try:
            if needs_consent:
                booking.consent_give(actor=actor, person=person, version=consent.CURRENT_VERSION, request=request)
            booking.waitlist_join(
                actor=actor,
                person=person,
                studio=studio,
                date_from=form.cleaned_data["date_from"],
                date_to=form.cleaned_data["date_to"],
                request=request,
            )
        except booking.BookingRefused as exc:
            for field, errors in exc.details.items():
                for error in errors if isinstance(errors, list) else []:
                    form.add_error(field if field in form.fields else None, error)
            if not exc.details or exc.code != "invalid":
                form.add_error(None, exc.message)
            status = exc.status
        else:
            messages.success(request, _("已加入候补名单。有人取消时我们会短信通知您。"))
            return redirect("counselling:mine")
    elif form.is_bound:
        status = 400
    context = {
        "studio": studio,
        "form": form,
        "person": person,
        "needs_consent": needs_consent,
        "consent_text": consent.current_text(),
        "consent_version": consent.CURRENT_VERSION,
    }
    return render(request, "counselling/waitlist.html", context, status=status)


def _own_entry(actor: Actor, pk: int) -> WaitlistEntry:
    entry = (
        booking_access.waitlist_visible_to(actor)
        .filter(pk=pk, person__user=actor.user)
        .select_related("person", "studio")
        .first()
    )
    if entry is None:
        raise Http404
    return entry


@signed_in
@require_POST
def offer_accept(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    entry = _own_entry(actor, pk)
    try:
        appointment = booking.offer_accept(actor=actor, entry=entry, request=request)
    except booking.SlotTaken:
        # Booked by someone else meanwhile: the slot's page says so, with the nearest
        # free alternatives, as for any other booking.
        return redirect("counselling:slot_confirm", pk=entry.offered_slot_id)
    except booking.BookingRefused as exc:
        messages.error(request, exc.message)
        return redirect("counselling:mine")
    return redirect("counselling:appointment_done", pk=appointment.pk)


@signed_in
@require_POST
def consent_withdraw(request: HttpRequest) -> HttpResponse:
    """PIPL art. 15: the consent can be withdrawn at any time; no new bookings after it."""
    actor = request_actor(request)
    person = _own_person_or_404(actor)
    if booking.consent_withdraw(actor=actor, person=person, request=request):
        messages.success(request, _("已撤回同意。再次预约前需要重新阅读并同意。"))
    return redirect("counselling:mine")


@signed_in
@require_POST
def waitlist_leave(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    booking.waitlist_leave(actor=actor, entry=_own_entry(actor, pk), request=request)
    messages.success(request, _("已退出候补。"))
    return redirect("counselling:mine")


# ---------------------------------------------------------------- counsellors


@staff(*COUNSELLOR_ROLES)
def caseload(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    counsellor = own_counsellor(actor)
    upcoming = request.GET.get("when") != "past"
    now = timezone.now()
    qs = (
        Appointment.objects.filter(counsellor=counsellor).select_related(
            "slot__room__studio", "person", "counsellor__person"
        )
        if counsellor
        else Appointment.objects.none()
    )
    qs = (
        qs.filter(ends_at__gte=now).order_by("starts_at", "id")
        if upcoming
        else qs.filter(ends_at__lt=now).order_by("-starts_at", "-id")
    )
    page = page_of(request, qs)
    rows = [{"a": a, "started": a.starts_at <= now, "client": client_label(actor, a)} for a in page]
    return render(
        request,
        "counselling/caseload.html",
        {"counsellor": counsellor, "page": page, "rows": rows, "upcoming": upcoming},
    )


@staff(*COUNSELLOR_ROLES)
@require_POST
def appointment_mark(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    appointment = appointment_for_actor(actor, pk)
    try:
        booking.mark(actor=actor, appointment=appointment, status=request.POST.get("status", ""), request=request)
    except booking.BookingRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已登记。"))
    return redirect("counselling:caseload")


# ---------------------------------------------------------------- offices


def _form_page(request: HttpRequest, form: Any, *, title: str, back: str, status: int = 200) -> HttpResponse:
    return render(request, "counselling/form.html", {"form": form, "title": title, "back": back}, status=status)


def _save(request: HttpRequest, form: Any, **m2m_names: Any) -> Any:
    """Save a bound, valid model form through ``config_save``; errors onto the form."""
    if not (form.is_bound and form.is_valid()):
        return None
    try:
        m2m = {name: form.cleaned_data[name] for name in m2m_names}
        return config_save(actor=request_actor(request), obj=form.instance, request=request, m2m=m2m)
    except ValidationError as exc:
        form.add_error(None, exc)
        return None


@staff(*MANAGE_ROLES)
def studios(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    rows = studios_visible_to(actor).annotate(
        n_counsellors=Count("counsellors", distinct=True), n_rooms=Count("rooms", distinct=True)
    )
    return render(request, "counselling/studios.html", {"studios": rows})


@staff(*MANAGE_ROLES)
def studio_create(request: HttpRequest) -> HttpResponse:
    form = StudioForm(request.POST or None)
    studio = _save(request, form)
    if studio is not None:
        messages.success(request, _("已保存。"))
        return redirect("counselling:schedule", pk=studio.pk)
    return _form_page(
        request, form, title=_("新建咨询室"), back=reverse("counselling:studios"), status=400 if form.is_bound else 200
    )


@staff(*MANAGE_ROLES)
def studio_edit(request: HttpRequest, pk: int) -> HttpResponse:
    studio = studio_for_manager(request_actor(request), pk)
    form = StudioForm(request.POST or None, instance=studio)
    if _save(request, form) is not None:
        messages.success(request, _("已保存。"))
        return redirect("counselling:schedule", pk=studio.pk)
    back = reverse("counselling:schedule", args=[studio.pk])
    return _form_page(request, form, title=_("咨询室设置"), back=back, status=400 if form.is_bound else 200)


def _week_start(request: HttpRequest) -> dt.date:
    day = DayForm({"date": request.GET.get("week", "")}).day()
    return day - dt.timedelta(days=day.weekday())


@staff(*MANAGE_ROLES)
def schedule(request: HttpRequest, pk: int) -> HttpResponse:
    """A studio's week: every slot with its booking (a name, or the pseudonym of an
    anonymous client; never the employer), its rules, rooms and exceptions."""
    actor = request_actor(request)
    studio = studio_for_manager(actor, pk)
    monday = _week_start(request)
    zone = timezone.get_current_timezone()
    start = dt.datetime.combine(monday, dt.time.min, tzinfo=zone)
    slots = list(
        Slot.objects.filter(room__studio=studio, starts_at__gte=start, starts_at__lt=start + dt.timedelta(days=7))
        .select_related("counsellor__person", "room")
        .order_by("starts_at", "counsellor__person__name")
    )
    active = {
        a.slot_id: a
        for a in Appointment.objects.filter(
            slot__in=slots, status__in=("booked", "attended", "no_show")
        ).select_related("person", "counsellor__person")
    }
    days: dict[dt.date, list[dict[str, Any]]] = {monday + dt.timedelta(days=i): [] for i in range(7)}
    for slot in slots:
        a = active.get(slot.pk)
        days[timezone.localdate(slot.starts_at)].append(
            {"slot": slot, "appointment": a, "client": client_label(actor, a) if a else ""}
        )
    context = {
        "studio": studio,
        "days": days,
        "monday": monday,
        "previous": monday - dt.timedelta(days=7),
        "next": monday + dt.timedelta(days=7),
        "rules": AvailabilityRule.objects.filter(room__studio=studio).select_related("counsellor__person", "room"),
        "rooms": studio.rooms.all(),
        "counsellors": studio.counsellors.select_related("person"),
        "exceptions": AvailabilityException.objects.filter(
            counsellor__studios=studio, date__gte=timezone.localdate()
        ).select_related("counsellor__person", "room"),
        "waiting": WaitlistEntry.objects.filter(studio=studio, status__in=("waiting", "offered")).count(),
    }
    return render(request, "counselling/schedule.html", context)


def _studio_part_create(
    request: HttpRequest, pk: int, make_form: Callable[[Studio], Any], *, title: str, saved: str
) -> HttpResponse:
    """Add a room, rule or exception to studio ``pk``: the form, then its schedule."""
    studio = studio_for_manager(request_actor(request), pk)
    form = make_form(studio)
    if _save(request, form) is not None:
        messages.success(request, saved)
        return redirect("counselling:schedule", pk=studio.pk)
    back = reverse("counselling:schedule", args=[studio.pk])
    return _form_page(request, form, title=title, back=back, status=400 if form.is_bound else 200)


@staff(*MANAGE_ROLES)
def room_create(request: HttpRequest, pk: int) -> HttpResponse:
    def make_form(studio: Studio) -> RoomForm:
        form = RoomForm(request.POST or None)
        form.instance.studio = studio
        return form

    return _studio_part_create(request, pk, make_form, title=_("添加房间"), saved=_("已保存。"))


@staff(*MANAGE_ROLES)
def rule_create(request: HttpRequest, pk: int) -> HttpResponse:
    return _studio_part_create(
        request,
        pk,
        lambda studio: RuleForm(request.POST or None, studio=studio),
        title=_("添加每周排班"),
        saved=_("已保存，时段已按新排班生成。"),
    )


@staff(*MANAGE_ROLES)
@require_POST
def rule_delete(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    rule = (
        AvailabilityRule.objects.filter(pk=pk, subdistrict_id=actor.subdistrict_id or 0).select_related("room").first()
    )
    if rule is None:
        raise Http404
    config_delete(actor=actor, obj=rule, request=request)
    messages.success(request, _("已删除；已预约的时段保留。"))
    return redirect("counselling:schedule", pk=rule.room.studio_id)


@staff(*MANAGE_ROLES)
def exception_create(request: HttpRequest, pk: int) -> HttpResponse:
    return _studio_part_create(
        request,
        pk,
        lambda studio: ExceptionForm(request.POST or None, studio=studio),
        title=_("添加请假或加开"),
        saved=_("已保存，时段已更新。"),
    )


@staff(*MANAGE_ROLES)
@require_POST
def exception_delete(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    exception = AvailabilityException.objects.filter(pk=pk, subdistrict_id=actor.subdistrict_id or 0).first()
    if exception is None:
        raise Http404
    studio = exception.counsellor.studios.first()
    config_delete(actor=actor, obj=exception, request=request)
    return redirect("counselling:schedule", pk=studio.pk) if studio else redirect("counselling:studios")


@staff(*MANAGE_ROLES)
def counsellors(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    rows = (
        Counsellor.objects.filter(subdistrict_id=actor.subdistrict_id or 0)
        .select_related("person")
        .prefetch_related("studios")
        .annotate(
            upcoming=Count(
                "appointments", filter=Q(appointments__status="booked", appointments__starts_at__gte=timezone.now())
            )
        )
        .order_by("person__name", "id")
    )
    return render(request, "counselling/counsellors.html", {"page": page_of(request, rows)})


@staff(*MANAGE_ROLES)
def counsellor_create(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    form = CounsellorForm(request.POST or None, subdistrict_id=actor.subdistrict_id or 0)
    if _save(request, form, studios=True) is not None:
        return redirect("counselling:counsellors")
    back = reverse("counselling:counsellors")
    return _form_page(request, form, title=_("添加咨询师"), back=back, status=400 if form.is_bound else 200)


@staff(*MANAGE_ROLES)
def counsellor_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    counsellor = Counsellor.objects.filter(pk=pk, subdistrict_id=actor.subdistrict_id or 0).first()
    if counsellor is None:
        raise Http404
    form = CounsellorForm(request.POST or None, instance=counsellor, subdistrict_id=actor.subdistrict_id or 0)
    if _save(request, form, studios=True) is not None:
        return redirect("counselling:counsellors")
    back = reverse("counselling:counsellors")
    return _form_page(request, form, title=_("咨询师"), back=back, status=400 if form.is_bound else 200)


@staff(*MANAGE_ROLES)
def calendar(request: HttpRequest) -> HttpResponse:
    """The national calendar of one year: staff rows override the library."""
    actor = request_actor(request)
    year_text = request.GET.get("year", "")
    year = int(year_text) if year_text.isdigit() and 2000 <= int(year_text) <= 2100 else timezone.localdate().year
    form = CalendarDayForm(request.POST or None)
    status = 200
    if form.is_bound:
        if form.is_valid():
            try:
                row = calendar_day_save(actor=actor, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                # A new holiday or make-up day changes the slots at once, not at the
                # next nightly run (booked slots are withdrawn, never deleted).
                generate_all()
                messages.success(request, _("已保存，各咨询室的时段已按新日历更新。"))
                return redirect(f"{reverse('counselling:calendar')}?year={row.date.year}")
        status = 400
    context = {
        "year": year,
        "years": [year - 1, year, year + 1],
        "rows": CalendarDay.objects.filter(date__year=year).order_by("date"),
        "library_knows": library_knows(year),
        "form": form,
    }
    return render(request, "counselling/calendar.html", context, status=status)


@staff(*MANAGE_ROLES)
@require_POST
def calendar_delete(request: HttpRequest, pk: int) -> HttpResponse:
    row = CalendarDay.objects.filter(pk=pk).first()
    if row is None:
        raise Http404
    calendar_day_delete(actor=request_actor(request), row=row)
    generate_all()
    return redirect(f"{reverse('counselling:calendar')}?year={row.date.year}")


@staff(*MANAGE_ROLES)
def book_for(request: HttpRequest, pk: int) -> HttpResponse:
    """Book on someone's behalf (a phone call): find the person in scope by name, pick
    a free slot, read the consent text to them if it is their first booking."""
    actor = request_actor(request)
    studio = studio_for_manager(actor, pk)
    search = PersonSearchForm(request.GET or None)
    q = search.cleaned_data.get("q", "") if search.is_valid() else ""
    q = "".join(ch for ch in q if not ch.isdigit()).strip()  # names only: no ID numbers in URLs
    people = (
        list(people_visible_to(actor).filter(Q(name__contains=q) | Q(search_text__contains=q.lower()))[:20])
        if q
        else []
    )
    person: Person | None = None
    person_text = request.GET.get("person", "") or request.POST.get("person", "")
    if person_text.isdigit():
        person = person_for_actor(actor, int(person_text))
    needs_consent = person is not None and booking.current_consent(person) is None
    form = BehalfForm(request.POST if request.method == "POST" else None, needs_consent=needs_consent)
    status = 200
    alternatives: list[Slot] = []
    slot_text = request.POST.get("slot", "")
    if person is not None and form.is_bound:
        if form.is_valid() and slot_text.isdigit():
            try:
                if needs_consent:
                    booking.consent_give(
                        actor=actor, person=person, version=consent.CURRENT_VERSION, by_phone=True, request=request
                    )
                booking.book(
                    actor=actor,
                    person=person,
                    slot_id=int(slot_text),
                    anonymous=form.cleaned_data["anonymous"],
                    pseudonym=form.cleaned_data["pseudonym"],
                    request=request,
                )
            except booking.SlotTaken as exc:
                alternatives, status = exc.alternatives, 409
                form.add_error(None, exc.message)
            except booking.BookingRefused as exc:
                form.add_error(None, exc.message)
                status = exc.status
            else:
                messages.success(request, _("已为%(name)s预约。") % {"name": person.name})
                return redirect("counselling:schedule", pk=studio.pk)
        else:
            if not slot_text.isdigit():
                form.add_error(None, _("请选择时段。"))
            status = 400
    slots = list(booking.available_slots(studio.subdistrict_id, studio=studio)[:60]) if person else []
    context = {
        "studio": studio,
        "search": search,
        "people": people,
        "person": person,
        "form": form,
        "slots": slots,
        "needs_consent": needs_consent,
        "consent_text": consent.current_text(),
        "alternatives": alternatives,
        "chosen": int(slot_text) if slot_text.isdigit() else None,
    }
    return render(request, "counselling/book_for.html", context, status=status)
