"""Pages of the party office, the admin and the party-mass centre: branches, members
(each record read audited), the study-hour ledger and its export, lectures, external
training and targets. Thin: access → selector or service → template."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiedao.accounts.policy import request_actor, staff
from jiedao.core.errors import TooMany
from jiedao.core.pages import form_page, run_service
from jiedao.core.paging import page_of
from jiedao.jobs.services import start_job
from jiedao.party import access, selectors, services
from jiedao.party.forms import ExternalForm, LectureForm, LedgerFilterForm, TargetForm
from jiedao.party.jobs import export_ledger, ledger_title
from jiedao.party.models import PartyMember


def _crumbs() -> list[tuple[str, str]]:
    return [(_("党建"), reverse("party:index"))]


@staff(*access.READ_ROLES)
def index(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    context = {"page": page_of(request, selectors.branch_rows(actor)), "can_manage": access.can_manage(actor)}
    return render(request, "party/index.html", context)


@staff(*access.READ_ROLES)
def members(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    form = LedgerFilterForm(request.GET or None, branches=access.branches_visible_to(actor))
    _year, branch = form.values(0)
    page = page_of(request, selectors.member_rows(actor, branch))
    context = {"page": page, "form": form, "can_manage": access.can_manage(actor)}
    return render(request, "party/members.html", context)


@staff(*access.READ_ROLES)
def member_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    member = services.member_read(actor=actor, member=access.member_for_actor(actor, pk), request=request)
    year = timezone.localdate().year
    row = selectors.ledger([member], year=year, subdistrict_id=member.subdistrict_id)[0]
    entries = selectors.member_entries(member)
    context = {
        "member": member,
        "row": row,
        "year": year,
        "credits": sorted(row.credits, key=lambda c: c.on),
        "entries": entries,
        "can_manage": access.can_manage(actor),
    }
    return render(request, "party/member.html", context)


@staff(*access.READ_ROLES)
def ledger(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    form = LedgerFilterForm(request.GET or None, branches=access.branches_visible_to(actor))
    year, branch = form.values(selectors.default_year(actor.subdistrict_id or 0))
    qs = access.members_visible_to(actor)
    if branch is not None:
        qs = qs.filter(branch=branch)
    page = page_of(request, selectors.members_of_year(qs, year))
    rows = selectors.ledger(page.object_list, year=year, subdistrict_id=actor.subdistrict_id or 0)
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "year": year,
        "branch": branch,
        "can_manage": access.can_manage(actor),
    }
    return render(request, "party/ledger.html", context)


@staff(*access.READ_ROLES)
@require_POST
def ledger_export(request: HttpRequest) -> HttpResponse:
    """Start the ledger's xlsx as a long job (a district takes seconds) and send the
    reader to the job's page, which offers the file when it is ready."""
    actor = request_actor(request)
    form = LedgerFilterForm(request.POST, branches=access.branches_visible_to(actor))
    if not form.is_valid():  # never the whole district in place of a branch not found
        messages.error(request, _("导出失败：年度或党组织无效。"))
        return redirect("party:ledger")
    year, branch = form.values(selectors.default_year(actor.subdistrict_id or 0))
    back = reverse("party:ledger") + f"?year={year}" + (f"&branch={branch.pk}" if branch else "")
    try:
        job = start_job(
            actor=actor,
            handler=export_ledger,
            title=_("导出%(title)s") % {"title": ledger_title(year, branch.name if branch else None)},
            params={"year": year, "branch": branch.pk if branch else None},
            back_url=back,
        )
    except TooMany as exc:
        messages.error(request, exc.message)
        return redirect(back)
    return redirect(job)


@staff(*access.LECTURE_ROLES)
def lectures(request: HttpRequest) -> HttpResponse:
    page = page_of(request, selectors.lecture_rows(request_actor(request)))
    return render(request, "party/lectures.html", {"page": page})


@staff(*access.LECTURE_ROLES)
def lecture_create(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    form = LectureForm(request.POST or None, actor=actor)
    if form.is_bound:
        lecture = run_service(form, services.lecture_create, actor=actor, request=request)
        if lecture is not None:
            messages.success(request, _("已创建党课，可在活动页面开启扫码签到。"))
            return redirect("party:lecture", pk=lecture.pk)
    return form_page(
        request,
        form,
        title=_("新建党课"),
        cancel_url=reverse("party:lectures"),
        crumbs=[*_crumbs(), (_("党课"), reverse("party:lectures"))],
    )


@staff(*access.MANAGE_ROLES)
def external_create(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    member: PartyMember = access.member_for_actor(actor, pk, for_update=request.method == "POST")
    form = ExternalForm(request.POST or None)
    if form.is_bound and run_service(form, services.external_create, actor=actor, member=member, request=request):
        messages.success(request, _("已登记外部培训学时。"))
        return redirect("party:member", pk=member.pk)
    return form_page(
        request,
        form,
        title=_("登记外部培训"),
        subject=member.person.name,
        cancel_url=reverse("party:member", args=[member.pk]),
        crumbs=_crumbs(),
    )


@staff(*access.MANAGE_ROLES)
def target_set(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    member: PartyMember = access.member_for_actor(actor, pk, for_update=request.method == "POST")
    form = TargetForm(request.POST or None, initial={"year": timezone.localdate().year})
    if form.is_bound and run_service(form, services.target_set, actor=actor, member=member, request=request):
        messages.success(request, _("已调整年度学时目标。"))
        return redirect("party:member", pk=member.pk)
    return form_page(
        request,
        form,
        title=_("调整年度学时目标"),
        subject=member.person.name,
        cancel_url=reverse("party:member", args=[member.pk]),
        crumbs=_crumbs(),
    )
