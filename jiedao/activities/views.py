"""Pages of activities and sign-in. Thin: access function → selector or service → template.

Organiser pages are for the offices and the union chairs (``ORGANISER_ROLES``),
each object through ``access`` (404 outside their scope). The resident pages
(the page a QR code opens, 我的活动) are ``signed_in``: everyone acts there as
the person of their own account.
"""

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiedao.accounts.policy import public, request_actor, signed_in, staff
from jiedao.activities import exporting, qr, scan_pass, selectors, services
from jiedao.activities.access import (
    ORGANISER_ROLES,
    activity_for_actor,
    attendance_at,
    invitation_at,
    registration_for_actor,
    session_for_actor,
    session_to_scan,
)
from jiedao.activities.forms import ActivityForm, PersonInviteForm, SearchForm, SessionForm, UnitInviteForm
from jiedao.activities.models import Activity, Registration, Session
from jiedao.core.downloads import download_response
from jiedao.core.pages import form_page, form_status, run_service
from jiedao.core.paging import page_of
from jiedao.people.access import own_person, person_for_actor
from jiedao.people.models import Person
from jiedao.people.selectors import holds_a_number
from jiedao.residents.binding import may_bind
from jiedao.residents.next_url import binding_put_off, with_next

# How often the sign-in screen asks for a new QR code and new counts (seconds).
QR_POLL_SECONDS = 5
COUNTS_POLL_SECONDS = 3
SCAN_TEMPLATE = "activities/scan.html"


def _crumbs(activity: Activity | None = None) -> list[tuple[str, str]]:
    """活动 → the activity: the crumbs above a form page."""
    crumbs = [(_("活动"), reverse("activities:list"))]
    if activity is not None:
        crumbs.append((activity.title, reverse("activities:detail", kwargs={"pk": activity.pk})))
    return crumbs


def _mode(request: HttpRequest, activity: Activity) -> str:
    wanted = request.GET.get("mode")
    return qr.Mode.OUT if wanted == qr.Mode.OUT and activity.sign_out_enabled else qr.Mode.IN


def _found(request: HttpRequest, search: SearchForm, nobody: str) -> tuple[SearchForm, list[Person], str]:
    """The people a search form finds, the reason when none, and the form to show
    again (empty after an ID number: the number is not sent back to the page)."""
    if not search.is_valid():
        return search, [], ""
    q = search.cleaned_data["q"]
    results, error = selectors.people_found(request_actor(request), q)
    if not results and not error:
        error = nobody
    return (SearchForm() if holds_a_number(q) else search), results, error


# Organiser: activities --------------------------------------------------------


@staff(*ORGANISER_ROLES)
def activity_list(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind", "")
    activities = selectors.activity_list(request_actor(request), kind=kind)
    context = {"page": page_of(request, activities), "kinds": Activity.Kind.choices, "kind": kind}
    return render(request, "activities/list.html", context)


@staff(*ORGANISER_ROLES)
def activity_create(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    form = ActivityForm(request.POST or None, actor=actor)
    if request.method == "POST":
        activity = run_service(form, services.activity_create, actor=actor, request=request)
        if activity is not None:
            messages.success(request, _("活动已创建，请添加场次。"))
            return redirect("activities:session_create", pk=activity.pk)
    return form_page(request, form, title=_("新建活动"), cancel_url=reverse("activities:list"), crumbs=_crumbs())


@staff(*ORGANISER_ROLES)
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    activity = activity_for_actor(request_actor(request), pk)
    context = {
        "activity": activity,
        "sessions": selectors.sessions_with_counts(activity),
        "registrations": page_of(request, selectors.registrations_of(activity)),
        "statuses": Registration.Status.choices,
    }
    return render(request, "activities/detail.html", context)


@staff(*ORGANISER_ROLES)
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    activity = activity_for_actor(actor, pk)
    form = ActivityForm(request.POST or None, actor=actor, editing=True, initial=ActivityForm.initial_for(activity))
    crumbs = _crumbs(activity)  # as stored: a refused change leaves its values on the object
    if request.method == "POST" and run_service(
        form, services.activity_update, actor=actor, activity=activity, request=request
    ):
        messages.success(request, _("已保存。"))
        return redirect("activities:detail", pk=activity.pk)
    cancel = reverse("activities:detail", kwargs={"pk": pk})
    return form_page(request, form, title=_("修改活动"), cancel_url=cancel, crumbs=crumbs)


@staff(*ORGANISER_ROLES)
def session_create(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    activity = activity_for_actor(actor, pk)
    form = SessionForm(request.POST or None)
    if request.method == "POST" and run_service(
        form, services.session_create, actor=actor, activity=activity, request=request
    ):
        messages.success(request, _("场次已添加。"))
        return redirect("activities:detail", pk=activity.pk)
    cancel = reverse("activities:detail", kwargs={"pk": pk})
    return form_page(request, form, title=_("添加场次"), cancel_url=cancel, crumbs=_crumbs(activity))


@staff(*ORGANISER_ROLES)
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    session = session_for_actor(actor, pk)
    form = SessionForm(request.POST or None, initial=SessionForm.initial_from(session))
    if request.method == "POST" and run_service(
        form, services.session_update, actor=actor, session=session, request=request
    ):
        messages.success(request, _("已保存。"))
        return redirect("activities:detail", pk=session.activity_id)
    cancel = reverse("activities:detail", kwargs={"pk": session.activity_id})
    return form_page(request, form, title=_("修改场次"), cancel_url=cancel, crumbs=_crumbs(session.activity))


@staff(*ORGANISER_ROLES)
def invite(request: HttpRequest, pk: int) -> HttpResponse:
    """Invite people (found by name or, by POST, ID number) and units."""
    actor = request_actor(request)
    activity = activity_for_actor(actor, pk)
    action = request.POST.get("action") if request.method == "POST" else None
    search = SearchForm(request.POST if action == "search" else None)
    unit_form = UnitInviteForm(request.POST if action == "unit" else None, actor=actor)
    search, results, search_error = _found(request, search, _("未找到符合条件的人员。"))
    if action == "person":
        return _invite_person(request, activity)
    if action == "unit" and run_service(unit_form, services.invite, actor=actor, activity=activity, request=request):
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
    status = max(form_status(search), form_status(unit_form))
    return render(request, "activities/invite.html", context, status=status)


def _invite_person(request: HttpRequest, activity: Activity) -> HttpResponse:
    """One person of the search results, with a role and a category (both from
    small selects: a wrong value was tampered with)."""
    actor = request_actor(request)
    form = PersonInviteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("邀请未发出：请重新选择人员、身份和类别。"))
        return redirect("activities:invite", pk=activity.pk)
    person = person_for_actor(actor, form.cleaned_data["person"])
    try:
        services.invite(
            actor=actor,
            activity=activity,
            person=person,
            role=form.cleaned_data["role"],
            category=form.cleaned_data["category"] or None,
            note=form.cleaned_data["note"],
            request=request,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("activities:invite", pk=activity.pk)
    messages.success(request, _("已邀请%(name)s。") % {"name": person.name})
    return redirect("activities:detail", pk=activity.pk)


@staff(*ORGANISER_ROLES)
@require_POST
def registration_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark an invitation confirmed, declined or cancelled (or invited again)."""
    actor = request_actor(request)
    registration = registration_for_actor(actor, pk)
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
    url = qr.sign_in_url(request, token)
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
    session = session_for_actor(request_actor(request), pk)
    context = {
        "activity": session.activity,
        "page": page_of(request, selectors.attendance_of(session)),
        "waiting": list(selectors.waiting_at(session)),
        "search": SearchForm(),
        **_counts_context(session),
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
    session = session_for_actor(request_actor(request), pk)
    registration = invitation_at(session, request.POST.get("registration"))
    assert registration.person is not None  # an invitation of a person
    return _staff_sign_in(request, session, registration.person)


@staff(*ORGANISER_ROLES)
@require_POST
def manual_sign_out(request: HttpRequest, pk: int) -> HttpResponse:
    """Sign out someone who cannot scan (a guest without an account) at an activity that signs out."""
    actor = request_actor(request)
    session = session_for_actor(actor, pk)
    attendance = attendance_at(session, request.POST.get("attendance"))
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
        return _staff_sign_in(request, session, person_for_actor(actor, request.POST["person"]))  # type: ignore[arg-type]
    search, results, error = _found(
        request, SearchForm(request.POST), _("未找到符合条件的人员（只能查找您负责范围内的人员）。")
    )
    context = {"session": session, "activity": session.activity, "search": search, "results": results, "error": error}
    return render(request, "activities/walk_in.html", context, status=form_status(search))


@staff(*ORGANISER_ROLES)
def attendance_export(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    session = session_for_actor(actor, pk)
    filename = _("签到名单-%(title)s-%(date)s.xlsx") % {
        "title": session.activity.title[:40],
        "date": f"{timezone.localtime(session.starts_at):%Y%m%d}",
    }
    return download_response(
        exporting.attendance_export(actor=actor, session=session, request=request),
        filename=filename,
        content_type=exporting.XLSX_CONTENT_TYPE,
    )


# Residents: the page a QR code opens ---------------------------------------------


@public
def scan(request: HttpRequest, pk: int) -> HttpResponse:
    """签到 by QR: shows the activity and one big button; the POST signs in (or out).
    Someone not logged in is sent to log in and back, as by ``@signed_in``, and a
    resident's account not bound to the registry to binding and back (unless they put
    it off: ``bind=later``); a genuine fresh code is kept for that browser meanwhile
    (``scan_pass``). A bad code answers 400 (``qr.TokenError``), an account without a
    person 409 on the POST (``services.NoPerson``), a refused sign-out 400."""
    actor = request_actor(request)
    value = (request.POST if request.method == "POST" else request.GET).get("t") or ""
    if not actor.is_authenticated:
        scan_pass.keep_if_fresh(request, value, pk)
        return redirect_to_login(request.get_full_path())
    session = session_to_scan(actor, pk)
    context: dict[str, Any] = {"session": session, "activity": session.activity, "t": value}
    try:
        token = scan_pass.verify(request, value, session.pk)
    except qr.TokenError as exc:
        context["error"] = exc
        return render(request, SCAN_TEMPLATE, context, status=400)
    context["mode"] = token.mode
    if request.method != "POST":
        person = own_person(actor)
        if person is None and may_bind(actor) and not binding_put_off(request):
            scan_pass.keep(request, token)
            return redirect(with_next(reverse("residents:bind"), request.get_full_path()))
        context.update(person=person, existing=selectors.attendance_of_person(session, person))
        return render(request, SCAN_TEMPLATE, context)
    try:
        _attendance, outcome = services.scan_sign_in(actor=actor, session=session, token=token)
    except services.NoPerson:
        return render(request, SCAN_TEMPLATE, context, status=409)
    except ValidationError as exc:  # a sign-out before any sign-in
        context["problem"] = " ".join(exc.messages)
        return render(request, SCAN_TEMPLATE, context, status=400)
    return redirect(f"{reverse('activities:scan_done', kwargs={'pk': session.pk})}?{urlencode({'r': outcome})}")


@signed_in
def scan_done(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    session = session_to_scan(actor, pk)
    attendance = selectors.attendance_of_person(session, own_person(actor))
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
        "has_person": own_person(actor) is not None,
    }
    return render(request, "activities/mine.html", context)
