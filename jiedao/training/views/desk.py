"""The desk of the labour office and the training schools: providers, courses,
classes with their sessions, the QR screen and the printed sheet of a session, the
roster with hours and works, referrals and closing a class."""

from typing import Any

from django.contrib import messages
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiedao.accounts.access import tenant_of
from jiedao.accounts.actor import Actor
from jiedao.accounts.policy import request_actor, staff
from jiedao.activities import qr
from jiedao.activities.models import Session
from jiedao.core.downloads import download_response
from jiedao.core.pages import form_page, run_action, run_service
from jiedao.core.paging import page_of
from jiedao.jobs.access import latest_job
from jiedao.jobs.models import Job
from jiedao.people.models import Person
from jiedao.training import access, exports, forms, selectors, services
from jiedao.training.access import DESK_ROLES, OVERSEE_ROLES
from jiedao.training.jobs import issue_certificates
from jiedao.training.models import Enrolment, TrainingClass

QR_POLL_SECONDS = 25


def _crumbs(training_class: TrainingClass | None = None) -> list[tuple[str, str]]:
    crumbs = [(_("培训班"), reverse("training:index"))]
    if training_class is not None:
        crumbs.append((training_class.name, reverse("training:class_detail", args=[training_class.pk])))
    return crumbs


@staff(*DESK_ROLES)
def index(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    classes = (
        access.classes_visible_to(actor)
        .select_related("course", "provider__unit")
        .annotate(sessions=Count("activity__sessions"))
        .order_by("-starts_on", "-id")
    )
    return render(
        request, "training/index.html", {"page": page_of(request, classes), "oversees": access.oversees(actor)}
    )


@staff(*DESK_ROLES)
def courses(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    page = page_of(request, selectors.catalogue(actor.subdistrict_id))
    rules = services.rules_on(tenant_of(actor))
    for course in page:
        course.subsidy_amount = rules[course.grade].amount
    context = {"page": page, "oversees": access.oversees(actor)}
    return render(request, "training/courses.html", context)


@staff(*OVERSEE_ROLES)
def course_create(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    tenant_of(actor)
    form = forms.CourseForm(request.POST or None)
    if request.method == "POST" and run_service(form, services.course_create, actor=actor, request=request):
        return redirect("training:courses")
    return form_page(request, form, title=_("新建培训项目"), cancel_url=reverse("training:courses"))


@staff(*DESK_ROLES)
def providers(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    found = access.providers_visible_to(actor).order_by("unit__name", "id")
    return render(
        request, "training/providers.html", {"page": page_of(request, found), "oversees": access.oversees(actor)}
    )


@staff(*OVERSEE_ROLES)
def provider_create(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    form = forms.ProviderForm(request.POST or None, subdistrict_id=tenant_of(actor))
    if request.method == "POST" and run_service(form, services.provider_create, actor=actor, request=request):
        return redirect("training:providers")
    return form_page(request, form, title=_("登记培训机构"), cancel_url=reverse("training:providers"))


@staff(*DESK_ROLES)
def class_create(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    tenant_of(actor)
    form = forms.ClassForm(
        request.POST or None,
        courses=access.courses_visible_to(actor).filter(is_active=True),
        providers=access.providers_visible_to(actor).filter(is_active=True),
    )
    if request.method == "POST":
        created = run_service(form, services.class_create, actor=actor, request=request)
        if created:
            return redirect("training:class_detail", created.pk)
    return form_page(request, form, title=_("新开培训班"), cancel_url=reverse("training:index"), crumbs=_crumbs())


def _referable(training_class: TrainingClass) -> Any:
    return (
        Person.objects.filter(subdistrict_id=training_class.subdistrict_id, is_job_seeker=True)
        .exclude(enrolments__training_class=training_class, enrolments__status__in=Enrolment.SEAT_STATUSES)
        .exclude(enrolments__training_class=training_class, enrolments__status=Enrolment.Status.WAITING)
        .order_by("name", "id")
    )


def last_certificates_job(actor: Actor, training_class: TrainingClass) -> Job | None:
    """The actor's latest bulk issue of this class (a job is its owner's alone)."""
    return latest_job(actor, issue_certificates, **{"class": training_class.pk})


@staff(*DESK_ROLES)
def class_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    training_class = access.class_for_actor(actor, pk)
    outcomes = services.class_outcomes(training_class)
    hours = services.ClassHours(training_class, [o.enrolment.person_id for o in outcomes])
    certified = set(
        Enrolment.objects.filter(training_class=training_class, certificate__isnull=False).values_list("pk", flat=True)
    )
    waiting = (
        Enrolment.objects.filter(
            training_class=training_class, status__in=[Enrolment.Status.WAITING, Enrolment.Status.OFFERED]
        )
        .select_related("person")
        .order_by("created_at", "id")
    )
    sessions = list(
        Session.objects.filter(activity_id=training_class.activity_id)
        .select_related("training_hours")
        .annotate(present=Count("attendances"))
        .order_by("starts_at", "id")
    )
    oversees = access.oversees(actor)
    context = {
        "last_job": last_certificates_job(actor, training_class),
        "c": training_class,
        "course": training_class.course,
        "outcomes": outcomes,
        "certified": certified,
        "waiting": list(waiting),
        "sessions": sessions,
        "planned_total": hours.total_planned,
        "required": services.hours_required(training_class.course),
        "open": services.is_open(training_class),
        "assessed": any(o.enrolment.status != Enrolment.Status.ENROLLED for o in outcomes),
        "oversees": oversees,
        "session_form": forms.SessionForm(),
        "refer_form": forms.ReferForm(people=_referable(training_class)) if oversees else None,
        "crumbs": _crumbs(),
    }
    return render(request, "training/class_detail.html", context)


@staff(*DESK_ROLES)
def session_create(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    training_class = access.class_for_actor(actor, pk)
    form = forms.SessionForm(request.POST or None)
    if request.method == "POST" and run_service(
        form, services.class_session_create, actor=actor, training_class=training_class, request=request
    ):
        return redirect("training:class_detail", training_class.pk)
    return form_page(
        request,
        form,
        title=_("添加场次"),
        subject=training_class.name,
        cancel_url=reverse("training:class_detail", args=[training_class.pk]),
        crumbs=_crumbs(training_class),
    )


@staff(*OVERSEE_ROLES)
@require_POST
def refer(request: HttpRequest, pk: int) -> HttpResponse:
    """The labour office refers a job seeker from the registry (推荐)."""
    actor = request_actor(request)
    training_class = access.class_for_actor(actor, pk)
    form = forms.ReferForm(request.POST, people=_referable(training_class))
    found = run_action(request, form, services.enrol, actor=actor, training_class=training_class, request=request)
    if found is not None:
        enrolment, _created = found
        if enrolment.status == Enrolment.Status.WAITING:
            messages.success(request, _("名额已满，已登记候补。"))
        else:
            messages.success(request, _("已推荐入班。"))
    return redirect("training:class_detail", training_class.pk)


@staff(*DESK_ROLES)
@require_POST
def close(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    training_class = access.class_for_actor(actor, pk)
    run_action(
        request,
        forms.EmptyForm(request.POST),
        services.close_class,
        actor=actor,
        training_class=training_class,
        request=request,
        done=_("已按结业规则评定每位学员。"),
    )
    return redirect("training:class_detail", training_class.pk)


@staff(*DESK_ROLES)
def roster_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    training_class = access.class_for_actor(request_actor(request), pk)
    return download_response(
        exports.roster_xlsx(training_class),
        filename=_("%(name)s学员名单及成绩.xlsx") % {"name": training_class.name},
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def class_session(request: HttpRequest, pk: int) -> tuple[TrainingClass, Session]:
    return access.session_for_actor(request_actor(request), pk)


@staff(*DESK_ROLES)
def session_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    training_class, session = class_session(request, pk)
    return download_response(
        exports.attendance_sheet_pdf(training_class, session),
        filename=_("%(name)s签到表%(d)s.pdf") % {"name": training_class.name, "d": f"{session.starts_at:%Y%m%d}"},
        content_type="application/pdf",
        inline=True,
    )


@staff(*DESK_ROLES)
def session_qr(request: HttpRequest, pk: int) -> HttpResponse:
    """The session's rotating sign-in (or sign-out) QR code, for the school's screen."""
    training_class, session = class_session(request, pk)
    mode = qr.Mode.OUT if request.GET.get("mode") == qr.Mode.OUT else qr.Mode.IN
    token = qr.issue(session.pk, mode)
    url = qr.sign_in_url(request, token)
    context = {
        "c": training_class,
        "session": session,
        "mode": mode,
        "token": token,
        "qr_url": url,
        "qr_image": qr.svg_data_uri(url),
        "qr_poll": QR_POLL_SECONDS,
        "crumbs": _crumbs(training_class),
    }
    template = "training/_qr.html" if request.headers.get("HX-Request") else "training/session_qr.html"
    response = render(request, template, context)
    response["Cache-Control"] = "no-store"
    return response
