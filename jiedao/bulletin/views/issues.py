"""Putting an issue together (the sub-district admin and 党建办), its proof and 刊发."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiedao.accounts.policy import request_actor, staff
from jiedao.bulletin import forms, selectors, services
from jiedao.bulletin.access import EDITOR_ROLES, ISSUE_ROLES, issue_for_actor, issues_for
from jiedao.core.downloads import download_response
from jiedao.core.forms import BootstrapForm
from jiedao.core.pages import form_status, run_action, run_service
from jiedao.core.paging import page_of


@staff(*EDITOR_ROLES)
def issue_list(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    may_create = actor.has_role(*ISSUE_ROLES)
    form = forms.IssueForm(request.POST or None) if may_create else None
    if request.method == "POST" and form is None:
        raise PermissionDenied(_("只有街道管理员和党建办可以编排、刊发社区报。"))
    if request.method == "POST" and form is not None:
        issue = run_service(form, services.create_issue, actor=actor, request=request)
        if issue is not None:
            messages.success(request, _("已新建%(issue)s。") % {"issue": issue})
            return redirect("bulletin:issue_manage", pk=issue.pk)
    page = page_of(request, issues_for(actor))
    status = form_status(form) if form is not None else 200
    return render(request, "bulletin/issue_list.html", {"page": page, "form": form}, status=status)


@staff(*EDITOR_ROLES)
def issue_manage(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    issue = issue_for_actor(actor, pk)
    may_change = actor.has_role(*ISSUE_ROLES) and not issue.is_published
    context = {
        "issue": issue,
        "articles": list(selectors.placed_articles(issue)),
        "may_change": may_change,
        "place_form": forms.PlaceForm(actor=actor) if may_change else None,
    }
    return render(request, "bulletin/issue_manage.html", context)


@staff(*EDITOR_ROLES)
def issue_proof(request: HttpRequest, pk: int) -> HttpResponse:
    """The print edition as it stands (a draft issue's proof; a published one's PDF)."""
    issue = issue_for_actor(request_actor(request), pk)
    return download_response(
        services.print_edition(issue),
        filename=f"社区报-{issue.year}-{issue.number}.pdf",
        content_type="application/pdf",
        inline=True,
    )


def _issue_action(
    request: HttpRequest, pk: int, form: Form, service: Callable[..., Any], done: str, **arguments: Any
) -> HttpResponse:
    """A small form posted from the issue's page: the service, then back to the page."""
    run_action(
        request, form, service, actor=request_actor(request), issue_id=pk, request=request, done=done, **arguments
    )
    return redirect("bulletin:issue_manage", pk=pk)


@staff(*ISSUE_ROLES)
@require_POST
def issue_place(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    issue_for_actor(actor, pk)  # out of scope: 404 before the form is read
    form = forms.PlaceForm(request.POST, actor=actor)
    return _issue_action(request, pk, form, services.place_article, _("稿件已编入本期。"))


@staff(*ISSUE_ROLES)
@require_POST
def issue_move(request: HttpRequest, pk: int, article: int) -> HttpResponse:
    up = request.POST.get("direction") != "down"
    return _issue_action(request, pk, BootstrapForm(request.POST), services.move_article, "", article_id=article, up=up)


@staff(*ISSUE_ROLES)
@require_POST
def issue_remove(request: HttpRequest, pk: int, article: int) -> HttpResponse:
    done = _("稿件已从本期撤下。")
    return _issue_action(request, pk, BootstrapForm(request.POST), services.remove_article, done, article_id=article)


@staff(*ISSUE_ROLES)
@require_POST
def issue_publish(request: HttpRequest, pk: int) -> HttpResponse:
    done = _("本期已刊发，已在社区报栏目公开。")
    return _issue_action(request, pk, BootstrapForm(request.POST), services.publish_issue, done)
