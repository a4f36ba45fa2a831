"""A volunteer's pages (phone first): the shifts open to claim, claiming, the
waiting list, my claims (cancel, accept an offered place, report hours), my hours."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiedao.accounts.policy import request_actor, signed_in
from jiedao.core.errors import DomainError
from jiedao.core.pages import form_page, run_service
from jiedao.core.paging import page_of
from jiedao.people.access import own_person
from jiedao.volunteering import access, selectors, services
from jiedao.volunteering.forms import CertificateForm, ReportForm
from jiedao.volunteering.models import ACTIVE


@signed_in
def index(request: HttpRequest) -> HttpResponse:
    """The shifts open to claim, soonest first, with the places left."""
    actor = request_actor(request)
    person = own_person(actor)
    page = page_of(request, selectors.shifts_between(actor.subdistrict_id or 0, None, None))
    mine = selectors.active_claims_by_shift(person, [s.pk for s in page]) if person else {}
    context = {"page": page, "mine": mine, "person": person, "is_manager": access.is_manager(actor)}
    return render(request, "volunteering/index.html", context)


def _refused(request: HttpRequest, error: DomainError) -> None:
    messages.error(request, error.message)


@signed_in
@require_POST
def shift_claim(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    shift = access.shift_to_claim(actor, pk)
    try:
        _claim, created = services.claim_shift(actor=actor, shift=shift, request=request)
    except DomainError as exc:
        _refused(request, exc)
        return redirect("volunteering:index")
    messages.success(request, _("认领成功。") if created else _("您已认领该班次。"))
    return redirect("volunteering:mine")


@signed_in
@require_POST
def shift_wait(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    shift = access.shift_to_claim(actor, pk)
    try:
        services.join_waitlist(actor=actor, shift=shift, request=request)
    except DomainError as exc:
        _refused(request, exc)
        return redirect("volunteering:index")
    messages.success(request, _("已加入候补，有名额空出时会为您保留。"))
    return redirect("volunteering:mine")


@signed_in
def mine(request: HttpRequest) -> HttpResponse:
    """My claims, my hours this year and my certificates."""
    actor = request_actor(request)
    person = own_person(actor)
    context: dict[str, object] = {"person": person, "now": timezone.now(), "active_statuses": ACTIVE}
    if person is not None:
        context.update(
            page=page_of(request, selectors.own_claims(person)),
            year=selectors.hours_of_year(person, timezone.localdate().year),
            certificates=selectors.own_certificates(person),
            certificate_form=CertificateForm(),
        )
    return render(request, "volunteering/mine.html", context)


@signed_in
@require_POST
def claim_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    claim = access.own_claim(actor, pk)
    try:
        services.cancel_claim(actor=actor, claim=claim, request=request)
    except DomainError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("已取消。"))
    return redirect("volunteering:mine")


@signed_in
def claim_report(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    claim = access.own_claim(actor, pk)
    form = ReportForm(request.POST or None, initial={"hours": claim.shift.task.hours_per_shift})
    if form.is_bound and run_service(form, services.report_hours, actor=actor, claim=claim, request=request):
        messages.success(request, _("已提交，待组织方审核。"))
        return redirect("volunteering:mine")
    return form_page(
        request,
        form,
        title=_("申报服务时长"),
        subject=f"{claim.shift.task.activity.title} {timezone.localtime(claim.shift.session.starts_at):%Y-%m-%d %H:%M}",
        cancel_url=reverse("volunteering:mine"),
    )
