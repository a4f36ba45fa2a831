"""Editing and deleting providers, courses, classes and sessions. Each edit page
carries a delete button; a deletion something depends on is refused with the
reason, shown on the edit page it returns to."""

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiedao.accounts.access import one_for_actor
from jiedao.accounts.policy import request_actor, staff
from jiedao.core.pages import form_page, run_action, run_service
from jiedao.training import access, forms, services
from jiedao.training.access import DESK_ROLES, OVERSEE_ROLES
from jiedao.training.models import TrainingClass
from jiedao.training.views.desk import class_session

TEMPLATE = "training/edit.html"


def _deleted(
    request: HttpRequest, service: Callable[..., Any], /, *, back: str, done_url: str, **arguments: Any
) -> HttpResponse:
    """Run a deletion posted from an edit page: to ``done_url`` when done, else back
    to the edit page with the reason."""
    form = forms.EmptyForm(request.POST)
    run_action(request, form, service, done=_("已删除。"), **arguments)
    return redirect(back if form.errors else done_url)


@staff(*OVERSEE_ROLES)
def provider_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    provider = one_for_actor(access.providers_visible_to(actor), pk)
    form = forms.ProviderEditForm(request.POST or None, initial=forms.ProviderEditForm.initial_from(provider))
    if request.method == "POST" and run_service(
        form, services.provider_update, actor=actor, provider=provider, request=request
    ):
        return redirect("training:providers")
    return form_page(
        request,
        form,
        title=_("修改培训机构"),
        subject=provider.unit.name,
        cancel_url=reverse("training:providers"),
        template=TEMPLATE,
        crumbs=[(_("培训机构"), reverse("training:providers"))],
        delete_url=reverse("training:provider_delete", args=[provider.pk]),
        delete_note=_("只有尚未开过培训班的机构可以删除；已开班的机构可以设为停用。"),
    )


@staff(*OVERSEE_ROLES)
@require_POST
def provider_delete(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    provider = one_for_actor(access.providers_visible_to(actor), pk)
    return _deleted(
        request,
        services.provider_delete,
        back=reverse("training:provider_edit", args=[pk]),
        done_url=reverse("training:providers"),
        actor=actor,
        provider=provider,
        request=request,
    )


@staff(*OVERSEE_ROLES)
def course_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    course = one_for_actor(access.courses_visible_to(actor), pk)
    form = forms.CourseEditForm(request.POST or None, initial=forms.CourseEditForm.initial_for(course))
    if request.method == "POST" and run_service(
        form, services.course_update, actor=actor, course=course, request=request
    ):
        return redirect("training:courses")
    assessed = services.course_assessed(course)
    return form_page(
        request,
        form,
        title=_("修改培训项目"),
        subject=course.name,
        cancel_url=reverse("training:courses"),
        template=TEMPLATE,
        crumbs=[(_("培训项目"), reverse("training:courses"))],
        note=_("已有培训班按此项目结业评定：类别/等级、规定课时、课时完成比例和必做作品不能再修改。")
        if assessed
        else "",
        delete_url=reverse("training:course_delete", args=[course.pk]),
        delete_note=_("只有尚未开过培训班的项目可以删除；已开班的项目可以设为停用。"),
    )


@staff(*OVERSEE_ROLES)
@require_POST
def course_delete(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    course = one_for_actor(access.courses_visible_to(actor), pk)
    return _deleted(
        request,
        services.course_delete,
        back=reverse("training:course_edit", args=[pk]),
        done_url=reverse("training:courses"),
        actor=actor,
        course=course,
        request=request,
    )


def _class_crumbs(training_class: TrainingClass) -> list[tuple[str, str]]:
    return [
        (_("培训班"), reverse("training:index")),
        (training_class.name, reverse("training:class_detail", args=[training_class.pk])),
    ]


@staff(*DESK_ROLES)
def class_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    training_class = access.class_for_actor(actor, pk)
    form = forms.ClassEditForm(request.POST or None, initial=forms.ClassEditForm.initial_from(training_class))
    if request.method == "POST" and run_service(
        form, services.class_update, actor=actor, training_class=training_class, request=request
    ):
        return redirect("training:class_detail", training_class.pk)
    return form_page(
        request,
        form,
        title=_("修改培训班"),
        subject=training_class.name,
        cancel_url=reverse("training:class_detail", args=[training_class.pk]),
        template=TEMPLATE,
        crumbs=_class_crumbs(training_class),
        delete_url=reverse("training:class_delete", args=[training_class.pk]),
        delete_note=_("只有无人报名、无人签到的培训班可以删除；否则可以停止报名。"),
    )


@staff(*DESK_ROLES)
@require_POST
def class_delete(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    training_class = access.class_for_actor(actor, pk)
    return _deleted(
        request,
        services.class_delete,
        back=reverse("training:class_edit", args=[pk]),
        done_url=reverse("training:index"),
        actor=actor,
        training_class=training_class,
        request=request,
    )


@staff(*DESK_ROLES)
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    training_class, session = class_session(request, pk)
    form = forms.SessionForm(request.POST or None, initial=forms.SessionForm.initial_for(session))
    if request.method == "POST" and run_service(
        form,
        services.class_session_update,
        actor=actor,
        training_class=training_class,
        session=session,
        request=request,
    ):
        return redirect("training:class_detail", training_class.pk)
    return form_page(
        request,
        form,
        title=_("修改场次"),
        subject=training_class.name,
        cancel_url=reverse("training:class_detail", args=[training_class.pk]),
        template=TEMPLATE,
        crumbs=_class_crumbs(training_class),
        delete_url=reverse("training:session_delete", args=[session.pk]),
        delete_note=_("只有无人签到、无课时更正的场次可以删除；已结业评定的培训班场次不能增删改。"),
    )


@staff(*DESK_ROLES)
@require_POST
def session_delete(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    training_class, session = class_session(request, pk)
    return _deleted(
        request,
        services.class_session_delete,
        back=reverse("training:session_edit", args=[pk]),
        done_url=reverse("training:class_detail", args=[training_class.pk]),
        actor=actor,
        training_class=training_class,
        session=session,
        request=request,
    )
