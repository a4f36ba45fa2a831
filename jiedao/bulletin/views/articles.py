"""The offices' side of an article: draft from records, edit, 送审, review, and the flag
when a published article's records moved on."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from jiedao.accounts.policy import request_actor, staff
from jiedao.bulletin import forms, selectors, services
from jiedao.bulletin.access import EDITOR_ROLES, article_for_actor, may_edit, may_review
from jiedao.bulletin.models import Article
from jiedao.core.forms import BootstrapForm
from jiedao.core.pages import form_page, run_action, run_service
from jiedao.core.paging import page_of

TABS = [("", gettext_lazy("全部")), *Article.Status.choices, ("flagged", gettext_lazy("记录有变"))]


@staff(*EDITOR_ROLES)
def article_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in dict(TABS):
        status = ""
    page = page_of(request, selectors.article_list(request_actor(request), status))
    return render(request, "bulletin/article_list.html", {"page": page, "tabs": TABS, "status": status})


@staff(*EDITOR_ROLES)
def draft(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    form = forms.DraftForm(request.POST if request.method == "POST" else None, actor=actor)
    if request.method == "POST":
        article = run_service(form, services.draft_article, actor=actor, request=request)
        if article is not None:
            messages.success(request, _("已根据活动记录起草稿件，请核对后修改、送审。"))
            return redirect("bulletin:article", pk=article.pk)
    return form_page(
        request,
        form,
        title=_("从活动记录起草稿件"),
        cancel_url=reverse("bulletin:articles"),
        crumbs=[(_("社区报稿件"), reverse("bulletin:articles"))],
    )


@staff(*EDITOR_ROLES)
def article(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    item = article_for_actor(actor, pk)
    context = {
        "article": item,
        "photos": list(item.photos.all()),
        "reviews": list(item.reviews.select_related("reviewer")),
        "activities": list(item.activities.all()),
        "can_edit": may_edit(actor, item),
        "can_review": may_review(actor, item),
        "review_form": forms.ReviewForm(),
        "photo_form": forms.PhotoForm(),
        # Looked at afresh on the page, so an editor sees it before the daily check does.
        "records_moved_on": services.records_moved_on(item),
    }
    return render(request, "bulletin/article.html", context)


@staff(*EDITOR_ROLES)
def article_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    item = article_for_actor(actor, pk)
    if not may_edit(actor, item):
        raise PermissionDenied(_("这篇稿件现在不能修改。"))
    form = forms.ArticleForm(request.POST or None, initial=forms.ArticleForm.initial_from(item))
    if request.method == "POST" and run_service(
        form, services.update_article, actor=actor, article_id=item.pk, request=request
    ):
        messages.success(request, _("稿件已保存。"))
        return redirect("bulletin:article", pk=pk)
    return form_page(
        request,
        form,
        title=_("修改稿件"),
        subject=item.title,
        cancel_url=reverse("bulletin:article", args=[pk]),
        crumbs=[(_("社区报稿件"), reverse("bulletin:articles"))],
    )


def _article_action(
    request: HttpRequest, pk: int, form: Form, service: Callable[..., Any], done: str, **arguments: Any
) -> HttpResponse:
    """A small form posted from the article's page: the service, then back to the page."""
    run_action(
        request, form, service, actor=request_actor(request), article_id=pk, request=request, done=done, **arguments
    )
    return redirect("bulletin:article", pk=pk)


@staff(*EDITOR_ROLES)
@require_POST
def article_submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _article_action(request, pk, BootstrapForm(request.POST), services.submit_article, _("稿件已送审。"))


@staff(*EDITOR_ROLES)
@require_POST
def article_review(request: HttpRequest, pk: int) -> HttpResponse:
    return _article_action(request, pk, forms.ReviewForm(request.POST), services.review_article, _("审核意见已记录。"))


@staff(*EDITOR_ROLES)
@require_POST
def article_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    done = _("已知悉记录变更；已刊发的文字保持原样。")
    return _article_action(request, pk, BootstrapForm(request.POST), services.acknowledge_changed_records, done)


@staff(*EDITOR_ROLES)
@require_POST
def photo_add(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    if not may_edit(actor, article_for_actor(actor, pk)):  # 404 / 403 before the file is read
        raise PermissionDenied(_("这篇稿件现在不能修改。"))
    form = forms.PhotoForm(request.POST, request.FILES)
    return _article_action(request, pk, form, services.add_photo, _("照片已添加。"))


@staff(*EDITOR_ROLES)
@require_POST
def photo_remove(request: HttpRequest, pk: int, photo: int) -> HttpResponse:
    form = BootstrapForm(request.POST)
    return _article_action(request, pk, form, services.remove_photo, _("照片已删除。"), photo_id=photo)
