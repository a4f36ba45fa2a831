"""畅心屋 office pages: studios and their rules, rooms, counsellors, exceptions, the
national calendar, each studio's week, and booking on someone's behalf (a phone call).
Thin: access → service → response."""

import datetime as dt
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiedao.accounts.policy import request_actor, staff
from jiedao.core.holidays import library_knows
from jiedao.core.pages import form_page, form_status, run_service
from jiedao.core.paging import page_of
from jiedao.counselling import access, selectors, services
from jiedao.counselling.forms import (
    BehalfForm,
    CalendarDayForm,
    CounsellorForm,
    DayForm,
    ExceptionForm,
    PersonSearchForm,
    RoomForm,
    RuleForm,
    StudioForm,
)
from jiedao.counselling.models import Studio
from jiedao.counselling.views.booking import consent_context
from jiedao.people.access import person_for_actor

FORM_TEMPLATE = "counselling/form.html"


def _save(request: HttpRequest, form: forms.ModelForm, *m2m: str) -> Any:  # type: ignore[type-arg]
    """Save a posted set-up form through ``config_save``; None with the errors on the form."""
    if not form.is_bound:
        return None

    def save(**data: Any) -> Any:
        m2m_values = {name: data[name] for name in m2m}
        return services.config_save(actor=request_actor(request), obj=form.instance, request=request, m2m=m2m_values)

    return run_service(form, save)


@staff(*access.MANAGE_ROLES)
def studios(request: HttpRequest) -> HttpResponse:
    rows = selectors.studio_rows(request_actor(request))
    return render(request, "counselling/studios.html", {"studios": rows})


@staff(*access.MANAGE_ROLES)
def studio_create(request: HttpRequest) -> HttpResponse:
    form = StudioForm(request.POST or None)
    studio = _save(request, form)
    if studio is not None:
        messages.success(request, _("已保存。"))
        return redirect("counselling:schedule", pk=studio.pk)
    return form_page(
        request, form, template=FORM_TEMPLATE, title=_("新建咨询室"), cancel_url=reverse("counselling:studios")
    )


@staff(*access.MANAGE_ROLES)
def studio_edit(request: HttpRequest, pk: int) -> HttpResponse:
    studio = access.studio_for_manager(request_actor(request), pk)
    form = StudioForm(request.POST or None, instance=studio)
    if _save(request, form) is not None:
        messages.success(request, _("已保存。"))
        return redirect("counselling:schedule", pk=studio.pk)
    cancel_url = reverse("counselling:schedule", args=[studio.pk])
    return form_page(request, form, template=FORM_TEMPLATE, title=_("咨询室设置"), cancel_url=cancel_url)


@staff(*access.MANAGE_ROLES)
def schedule(request: HttpRequest, pk: int) -> HttpResponse:
    """A studio's week: every slot with its booking, its rules, rooms and exceptions."""
    actor = request_actor(request)
    studio = access.studio_for_manager(actor, pk)
    day = DayForm({"date": request.GET.get("week", "")}).day()
    monday = day - dt.timedelta(days=day.weekday())
    context = {
        **selectors.week_schedule(actor, studio, monday),
        "studio": studio,
        "monday": monday,
        "previous": monday - dt.timedelta(days=7),
        "next": monday + dt.timedelta(days=7),
    }
    return render(request, "counselling/schedule.html", context)


def _studio_part_create(
    request: HttpRequest, pk: int, make_form: Callable[[Studio], Any], *, title: str, saved: str
) -> HttpResponse:
    """Add a room, rule or exception to studio ``pk``: the form, then its schedule."""
    studio = access.studio_for_manager(request_actor(request), pk)
    form = make_form(studio)
    if _save(request, form) is not None:
        messages.success(request, saved)
        return redirect("counselling:schedule", pk=studio.pk)
    return form_page(
        request, form, template=FORM_TEMPLATE, title=title, cancel_url=reverse("counselling:schedule", args=[studio.pk])
    )


@staff(*access.MANAGE_ROLES)
def room_create(request: HttpRequest, pk: int) -> HttpResponse:
    def make_form(studio: Studio) -> RoomForm:
        form = RoomForm(request.POST or None)
        form.instance.studio = studio
        return form

    return _studio_part_create(request, pk, make_form, title=_("添加房间"), saved=_("已保存。"))


@staff(*access.MANAGE_ROLES)
def rule_create(request: HttpRequest, pk: int) -> HttpResponse:
    return _studio_part_create(
        request,
        pk,
        lambda studio: RuleForm(request.POST or None, studio=studio),
        title=_("添加每周排班"),
        saved=_("已保存，时段已按新排班生成。"),
    )


@staff(*access.MANAGE_ROLES)
@require_POST
def rule_delete(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    rule = access.rule_for_manager(actor, pk)
    services.config_delete(actor=actor, obj=rule, request=request)
    messages.success(request, _("已删除；已预约的时段保留。"))
    return redirect("counselling:schedule", pk=rule.room.studio_id)


@staff(*access.MANAGE_ROLES)
def exception_create(request: HttpRequest, pk: int) -> HttpResponse:
    return _studio_part_create(
        request,
        pk,
        lambda studio: ExceptionForm(request.POST or None, studio=studio),
        title=_("添加请假或加开"),
        saved=_("已保存，时段已更新。"),
    )


@staff(*access.MANAGE_ROLES)
@require_POST
def exception_delete(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    exception = access.exception_for_manager(actor, pk)
    studio = exception.counsellor.studios.first()
    services.config_delete(actor=actor, obj=exception, request=request)
    return redirect("counselling:schedule", pk=studio.pk) if studio else redirect("counselling:studios")


@staff(*access.MANAGE_ROLES)
def counsellors(request: HttpRequest) -> HttpResponse:
    rows = selectors.counsellor_rows(request_actor(request))
    return render(request, "counselling/counsellors.html", {"page": page_of(request, rows)})


@staff(*access.MANAGE_ROLES)
def counsellor_create(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    form = CounsellorForm(request.POST or None, subdistrict_id=actor.subdistrict_id or 0)
    if _save(request, form, "studios") is not None:
        return redirect("counselling:counsellors")
    return form_page(
        request, form, template=FORM_TEMPLATE, title=_("添加咨询师"), cancel_url=reverse("counselling:counsellors")
    )


@staff(*access.MANAGE_ROLES)
def counsellor_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    counsellor = access.counsellor_for_manager(actor, pk)
    form = CounsellorForm(request.POST or None, instance=counsellor, subdistrict_id=actor.subdistrict_id or 0)
    if _save(request, form, "studios") is not None:
        return redirect("counselling:counsellors")
    return form_page(
        request, form, template=FORM_TEMPLATE, title=_("咨询师"), cancel_url=reverse("counselling:counsellors")
    )


def _calendar_url(year: int) -> str:
    return f"{reverse('counselling:calendar')}?year={year}"


@staff(*access.MANAGE_ROLES)
def calendar(request: HttpRequest) -> HttpResponse:
    """The national calendar of one year: staff rows override the library."""
    actor = request_actor(request)
    year_text = request.GET.get("year", "")
    year = int(year_text) if year_text.isdigit() and 2000 <= int(year_text) <= 2100 else timezone.localdate().year
    form = CalendarDayForm(request.POST or None)
    if form.is_bound:
        row = run_service(form, services.calendar_save, actor=actor)
        if row is not None:
            messages.success(request, _("已保存，各咨询室的时段已按新日历更新。"))
            return redirect(_calendar_url(row.date.year))
    context = {
        "year": year,
        "years": [year - 1, year, year + 1],
        "rows": selectors.calendar_rows(year),
        "library_knows": library_knows(year),
        "form": form,
    }
    return render(request, "counselling/calendar.html", context, status=form_status(form))


@staff(*access.MANAGE_ROLES)
@require_POST
def calendar_delete(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    row = access.calendar_day_for_manager(actor, pk)
    services.calendar_delete(actor=actor, row=row)
    return redirect(_calendar_url(row.date.year))


@staff(*access.MANAGE_ROLES)
def book_for(request: HttpRequest, pk: int) -> HttpResponse:
    """Book on someone's behalf (a phone call): find the person in scope by name, pick
    a free slot, read the consent text to them if it is their first booking."""
    actor = request_actor(request)
    studio = access.studio_for_manager(actor, pk)
    search = PersonSearchForm(request.GET or None)
    people = selectors.people_named(actor, search.cleaned_data.get("q", "") if search.is_valid() else "")
    person_text = request.GET.get("person", "") or request.POST.get("person", "")
    person = person_for_actor(actor, int(person_text)) if person_text.isdigit() else None
    needs_consent = person is not None and selectors.current_consent(person) is None
    posted = request.method == "POST" and person is not None
    form = BehalfForm(request.POST if posted else None, needs_consent=needs_consent)
    if form.is_bound and run_service(form, services.book, actor=actor, person=person, by_phone=True, request=request):
        assert person is not None
        messages.success(request, _("已为%(name)s预约。") % {"name": person.name})
        return redirect("counselling:schedule", pk=studio.pk)
    chosen = form.cleaned_data.get("slot_id") if form.is_bound else None
    context = {
        "studio": studio,
        "search": search,
        "people": people,
        "person": person,
        "form": form,
        "slots": list(selectors.available_slots(studio.subdistrict_id, studio=studio)[:60]) if person else [],
        "alternatives": selectors.alternatives_if_gone(studio, chosen) if form.errors else [],
        "chosen": chosen,
        **consent_context(needs_consent),
    }
    return render(request, "counselling/book_for.html", context, status=form_status(form))
