"""Pages of activities and sign-in. Thin: access function → selector or service → template.

Organiser pages are for the offices and the union chairs (``ORGANISER_ROLES``),
each object through ``access`` (404 outside their scope). The resident pages
(the page a QR code opens, 我的活动) are ``signed_in``: everyone acts there as
the person of their own account.
"""

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiedao.accounts.policy import request_actor, signed_in, staff
from jiedao.activities import exporting, qr, selectors, services
from jiedao.activities.access import ORGANISER_ROLES, activity_for_actor, session_for_actor, session_to_scan
from jiedao.activities.api import sign_in_url
from jiedao.activities.forms import ActivityForm, PersonInviteForm, SearchForm, SessionForm, UnitInviteForm
from jiedao.activities.models import Activity, Attendance, Registration, Session
from jiedao.core.paging import page_of
from jiedao.people.access import people_visible_to
from jiedao.people.models import Person
from jiedao.people.selectors import holds_a_number, people_search, person_by_id_number

SEARCH_LIMIT = 20
# How often the sign-in screen asks for a new QR code and new counts (seconds).
QR_POLL_SECONDS = 5
COUNTS_POLL_SECONDS = 3


def _form_page(
    request: HttpRequest, form: Any, *, title: str, cancel_url: str, activity: Activity | None = None
) -> HttpResponse:
    context = {"form": form, "title": title, "cancel_url": cancel_url, "activity": activity}
    return render(request, "activities/form.html", context, status=400 if form.errors else 200)


def _mode(request: HttpRequest, activity: Activity) -> str:
    wanted = request.GET.get("mode")
    return qr.Mode.OUT if wanted == qr.Mode.OUT and activity.sign_out_enabled else qr.Mode.IN


# Organiser: activities --------------------------------------------------------


@staff(*ORGANISER_ROLES)
def activity_list(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    qs = selectors.activities_visible_to(actor).select_related("organiser", "residential_area")
    kind = request.GET.get("kind", "")
    if kind in Activity.Kind.values:
        qs = qs.filter(kind=kind)
    context = {"page": page_of(request, qs), "kinds": Activity.Kind.choices, "kind": kind}
    return render(request, "activities/list.html", context)


@staff(*ORGANISER_ROLES)
def activity_create(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    form = ActivityForm(request.POST or None, actor=actor)
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.activity_create(actor=actor, request=request, **form.service_arguments())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("活动已创建，请添加场次。"))
            return redirect("activities:session_create", pk=activity.pk)
    return _form_page(request, form, title=_("新建活动"), cancel_url=reverse("activities:list"))


@staff(*ORGANISER_ROLES)
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    activity = activity_for_actor(actor, pk)
    sessions = list(activity.sessions.all())
    counts = dict(
        Attendance.objects.filter(session__activity=activity)
        .order_by()
        .values_list("session_id")
        .annotate(n=Count("id"))
        .values_list("session_id", "n")
    )
    for session in sessions:
        session.attendance_count = counts.get(session.pk, 0)  # type: ignore[attr-defined]
    context = {
        "activity": activity,
        "sessions": sessions,
        "registrations": page_of(request, selectors.registrations_of(activity)),
        "statuses": Registration.Status.choices,
    }
    return render(request, "activities/detail.html", context)


@staff(*ORGANISER_ROLES)
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    activity = activity_for_actor(actor, pk)
    form = ActivityForm(request.POST or None, actor=actor, editing=True, initial=ActivityForm.initial_for(activity))
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_update(actor=actor, activity=activity, request=request, **form.service_arguments())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect("activities:detail", pk=activity.pk)
    return _form_page(
        request,
        form,
        title=_("修改活动"),
        cancel_url=reverse("activities:detail", kwargs={"pk": pk}),
        activity=activity,
    )


@staff(*ORGANISER_ROLES)
def session_create(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    activity = activity_for_actor(actor, pk)
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.session_create(actor=actor, activity=activity, request=request, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("场次已添加。"))
            return redirect("activities:detail", pk=activity.pk)
    cancel = reverse("activities:detail", kwargs={"pk": pk})
    return _form_page(request, form, title=_("添加场次"), cancel_url=cancel, activity=activity)


@staff(*ORGANISER_ROLES)
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    session = session_for_actor(actor, pk)
    form = SessionForm(request.POST or None, initial=SessionForm.initial_for(session))
    if request.method == "POST" and form.is_valid():
        try:
            services.session_update(actor=actor, session=session, request=request, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect("activities:detail", pk=session.activity_id)
    cancel = reverse("activities:detail", kwargs={"pk": session.activity_id})
    return _form_page(request, form, title=_("修改场次"), cancel_url=cancel, activity=session.activity)


def _person_results(request: HttpRequest, q: str) -> tuple[list[Person], str]:
    """People in the actor's scope matching a name (or pinyin), or one full ID number."""
    actor = request_actor(request)
    q = (q or "").strip()
    if not q:
        return [], ""
    if holds_a_number(q):
        try:
            found = person_by_id_number(actor, q)
        except ValidationError as exc:
            return [], " ".join(exc.messages)
        return ([found] if found is not None else []), ""
    qs = people_search(people_visible_to(actor), q=q).select_related("residential_area", "employer")
    return list(qs[:SEARCH_LIMIT]), ""


@staff(*ORGANISER_ROLES)
def invite(request: HttpRequest, pk: int) -> HttpResponse:
    """Invite people (found by name or, by POST, ID number) and units."""
    actor = request_actor(request)
    activity = activity_for_actor(actor, pk)
    search = SearchForm(request.POST if request.POST.get("action") == "search" else None)
    unit_form = UnitInviteForm(request.POST if request.POST.get("action") == "unit" else None, actor=actor)
    results: list[Person] = []
    search_error = ""
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "search" and search.is_valid():
            results, search_error = _person_results(request, search.cleaned_data["q"])
            if not results and not search_error:
                search_error = _("未找到符合条件的人员。")
            if holds_a_number(search.cleaned_data["q"]):
                search = SearchForm()  # the number is not sent back to the page
        elif action == "person":
            form = PersonInviteForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("邀请未发出：请重新选择人员、身份和类别。"))
                return redirect("activities:invite", pk=activity.pk)
            person = people_visible_to(actor).filter(pk=form.cleaned_data["person"]).first()
            if person is None:
                raise Http404
            try:
                services.invite(
                    actor=actor,
                    activity=activity,
                    person=person,
                    role=form.cleaned_data["role"],
                    category=form.cleaned_data["category"] or None,
                    request=request,
                )
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
                return redirect("activities:invite", pk=activity.pk)
            messages.success(request, _("已邀请%(name)s。") % {"name": person.name})
            return redirect("activities:detail", pk=activity.pk)
        elif action == "unit" and unit_form.is_valid():
            try:
                services.invite(actor=actor, activity=activity, request=request, **unit_form.cleaned_data)
            except ValidationError as exc:
                unit_form.add_error(None, exc)
            else:
                messages.success(request, _("已邀请%(name)s。") % {"name": unit_form.cleaned_data["unit"].name})
                return redirect("activities:detail", pk=activity.pk)
    context = {
        "activity": activity,
        "search": search,
        "results": results,
        "search_error": search_error,
        "unit_form": unit_form,
        "person_form": PersonInviteForm(),
    }
    return render(request, "activities/invite.html", context)


@staff(*ORGANISER_ROLES)
@require_POST
def registration_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark an invitation confirmed, declined or cancelled (or invited again)."""
    actor = request_actor(request)
    registration = (
        Registration.objects.select_related("activity")
        .filter(pk=pk, activity__in=selectors.activities_visible_to(actor))
        .first()
    )
    if registration is None:
        raise Http404
    try:
        services.registration_set_status(
            actor=actor, registration=registration, status=request.POST.get("status", ""), request=request
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("activities:detail", pk=registration.activity_id)


# Organiser: the sign-in screen -------------------------------------------------


@staff(*ORGANISER_ROLES)
def screen(request: HttpRequest, pk: int) -> HttpResponse:
    """签到 screen: the rotating QR code and the live counts, both polled by htmx."""
    session = session_for_actor(request_actor(request), pk)
    mode = _mode(request, session.activity)
    context = {
        "session": session,
        "activity": session.activity,
        "mode": mode,
        "qr_poll": QR_POLL_SECONDS,
        "counts_poll": COUNTS_POLL_SECONDS,
        **_qr_context(request, session, mode),
        **_counts_context(session),
    }
    return render(request, "activities/screen.html", context)


def _qr_context(request: HttpRequest, session: Session, mode: str) -> dict[str, Any]:
    token = qr.issue(session.pk, mode)
    url = sign_in_url(request, token)
    return {"token": token, "qr_url": url, "qr_image": qr.svg_data_uri(url)}


def _counts_context(session: Session) -> dict[str, Any]:
    counts = selectors.attendance_by_category(session)
    return {"counts": counts, "total": selectors.attendance_total(counts), "session": session}


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response


@staff(*ORGANISER_ROLES)
def screen_qr(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_for_actor(request_actor(request), pk)
    mode = _mode(request, session.activity)
    context = {"session": session, "mode": mode, "qr_poll": QR_POLL_SECONDS, **_qr_context(request, session, mode)}
    return _no_store(render(request, "activities/_qr.html", context))


@staff(*ORGANISER_ROLES)
def screen_counts(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_for_actor(request_actor(request), pk)
    context = {"counts_poll": COUNTS_POLL_SECONDS, **_counts_context(session)}
    return _no_store(render(request, "activities/_counts.html", context))


# Organiser: attendance ----------------------------------------------------------


@staff(*ORGANISER_ROLES)
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    """Who is here, the invited people not yet signed in (one tap each), walk-ins."""
    actor = request_actor(request)
    session = session_for_actor(actor, pk)
    present = selectors.attendance_of(session)
    present_ids = set(present.values_list("person_id", flat=True))
    waiting = [
        r
        for r in selectors.registrations_of(session.activity).filter(person__isnull=False)
        if r.person_id not in present_ids
        and r.status not in (Registration.Status.CANCELLED, Registration.Status.DECLINED)
    ]
    counts = selectors.attendance_by_category(session)
    context = {
        "session": session,
        "activity": session.activity,
        "page": page_of(request, present),
        "waiting": waiting,
        "counts": counts,
        "total": selectors.attendance_total(counts),
        "search": SearchForm(),
    }
    return render(request, "activities/attendance.html", context)


def _staff_sign_in(request: HttpRequest, session: Session, person: Person) -> HttpResponse:
    """Sign ``person`` in for the organiser and go back to the attendance page saying so."""
    _attendance, created = services.staff_sign_in(
        actor=request_actor(request), session=session, person=person, request=request
    )
    if created:
        messages.success(request, _("%(name)s 已签到。") % {"name": person.name})
    else:
        messages.info(request, _("%(name)s 此前已签到。") % {"name": person.name})
    return redirect("activities:attendance", pk=session.pk)


@staff(*ORGANISER_ROLES)
@require_POST
def manual_sign_in(request: HttpRequest, pk: int) -> HttpResponse:
    """Sign in an invited person who has no account (one tap per invitation row)."""
    actor = request_actor(request)
    session = session_for_actor(actor, pk)
    registration = (
        Registration.objects.select_related("person")
        .filter(activity=session.activity, pk=request.POST.get("registration") or 0, person__isnull=False)
        .first()
    )
    if registration is None or registration.person is None:
        raise Http404
    return _staff_sign_in(request, session, registration.person)


@staff(*ORGANISER_ROLES)
@require_POST
def manual_sign_out(request: HttpRequest, pk: int) -> HttpResponse:
    """Sign out someone who cannot scan (a guest without an account) at an activity that signs out."""
    actor = request_actor(request)
    session = session_for_actor(actor, pk)
    attendance = (
        Attendance.objects.select_related("person")
        .filter(session=session, pk=request.POST.get("attendance") or 0)
        .first()
    )
    if attendance is None:
        raise Http404
    try:
        services.staff_sign_out(actor=actor, session=session, person=attendance.person, request=request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("%(name)s 已签退。") % {"name": attendance.person.name})
    return redirect("activities:attendance", pk=session.pk)


@staff(*ORGANISER_ROLES)
@require_POST
def walk_in(request: HttpRequest, pk: int) -> HttpResponse:
    """Find someone in scope by name or ID number (by POST: no number in a URL), then sign them in."""
    actor = request_actor(request)
    session = session_for_actor(actor, pk)
    if request.POST.get("person"):
        person = people_visible_to(actor).filter(pk=request.POST["person"]).first()
        if person is None:
            raise Http404
        return _staff_sign_in(request, session, person)
    search = SearchForm(request.POST)
    results: list[Person] = []
    error = ""
    if search.is_valid():
        results, error = _person_results(request, search.cleaned_data["q"])
        if not results and not error:
            error = _("未找到符合条件的人员（只能查找您负责范围内的人员）。")
        if holds_a_number(search.cleaned_data["q"]):
            search = SearchForm()  # the number is not sent back to the page
    context = {"session": session, "activity": session.activity, "search": search, "results": results, "error": error}
    return render(request, "activities/walk_in.html", context)


@staff(*ORGANISER_ROLES)
def attendance_export(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    session = session_for_actor(actor, pk)
    content = exporting.attendance_export(actor=actor, session=session, request=request)
    filename = _("签到名单-%(title)s-%(date)s.xlsx") % {
        "title": session.activity.title[:40],
        "date": f"{timezone.localtime(session.starts_at):%Y%m%d}",
    }
    response = HttpResponse(content, content_type=exporting.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename) or "attachment"
    return _no_store(response)


# Residents: the page a QR code opens ---------------------------------------------


@signed_in
def scan(request: HttpRequest, pk: int) -> HttpResponse:
    """签到 by QR: shows the activity and one big button; the POST signs in (or out)."""
    actor = request_actor(request)
    session = session_to_scan(actor, pk)
    value = request.POST.get("t") if request.method == "POST" else request.GET.get("t")
    context: dict[str, Any] = {"session": session, "activity": session.activity, "t": value or ""}
    try:
        token = qr.verify(value or "", session.pk)
    except qr.TokenError as exc:
        context["error"] = exc
        return render(request, "activities/scan.html", context, status=400)
    context["mode"] = token.mode
    person = selectors.own_person(actor, session.subdistrict_id)
    context["person"] = person
    if person is None:
        return render(request, "activities/scan.html", context, status=409 if request.method == "POST" else 200)
    if request.method != "POST":
        context["existing"] = Attendance.objects.filter(session=session, person=person).first()
        return render(request, "activities/scan.html", context)
    try:
        _attendance, outcome = services.sign_with_token(
            session=session, person=person, token=token, account_roles=actor.roles
        )
    except ValidationError as exc:  # a sign-out before any sign-in
        context["problem"] = " ".join(exc.messages)
        return render(request, "activities/scan.html", context, status=400)
    return redirect(f"{reverse('activities:scan_done', kwargs={'pk': session.pk})}?{urlencode({'r': outcome})}")


@signed_in
def scan_done(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_to_scan(request_actor(request), pk)
    person = selectors.own_person(request_actor(request), session.subdistrict_id)
    attendance = Attendance.objects.filter(session=session, person=person).first() if person else None
    if attendance is None:
        return redirect("activities:mine")
    outcome = request.GET.get("r", "repeat")
    context = {"session": session, "activity": session.activity, "attendance": attendance, "outcome": outcome}
    return render(request, "activities/scan_done.html", context)


@signed_in
def mine(request: HttpRequest) -> HttpResponse:
    """我的活动: the resident's invitations and sign-ins."""
    actor = request_actor(request)
    context = {
        "registrations": list(selectors.my_registrations(actor)[:50]),
        "page": page_of(request, selectors.my_attendances(actor)),
        "has_person": Person.objects.filter(user=actor.user).exists(),
    }
    return render(request, "activities/mine.html", context)
