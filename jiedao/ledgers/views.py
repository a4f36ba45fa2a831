"""The ledger centre's page: every ledger the user may read, grouped by programme, a
period picker, a download per ledger (a long job) and the user's last generation of
each. Thin: registry → job → template."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from jiedao.accounts.actor import Actor
from jiedao.accounts.policy import request_actor, staff
from jiedao.core.errors import Invalid, NotFound, TooMany
from jiedao.core.ledgers import Period
from jiedao.jobs.services import start_job
from jiedao.ledgers import registry, selectors
from jiedao.ledgers.forms import ExportForm, PeriodForm, initial_period
from jiedao.ledgers.jobs import export_ledger, job_title


def _entries(actor: Actor) -> list[registry.Entry]:
    entries = registry.ledgers_for(actor)
    if not entries:
        raise PermissionDenied
    return entries


def _page(request: HttpRequest, actor: Actor, form: PeriodForm, period: Period, status: int = 200) -> HttpResponse:
    entries = _entries(actor)
    context = {
        "form": form,
        "period": period,
        "groups": selectors.rows_by_programme(entries, selectors.last_generated(actor)),
    }
    return render(request, "ledgers/index.html", context, status=status)


@staff()
def index(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    _entries(actor)
    period = Period.parse(None)
    form = PeriodForm(request.GET or None, initial=initial_period(period))
    if form.is_bound:
        if not form.is_valid():
            return _page(request, actor, form, period, status=400)
        period = form.period()
    return _page(request, actor, form, period)


@staff()
@require_POST
def export(request: HttpRequest) -> HttpResponse:
    """Start the ledger's xlsx as a long job and send the user to the job's page."""
    actor = request_actor(request)
    _entries(actor)
    form = ExportForm(request.POST)
    if not form.is_valid():
        shown = PeriodForm(request.POST)
        shown.is_valid()
        return _page(request, actor, shown, Period.parse(None), status=400)
    period = form.period()
    try:
        entry = registry.ledger_for(actor, form.cleaned_data["key"])
    except NotFound:
        raise Http404 from None
    try:
        entry.ledger.check(period)
    except Invalid as exc:
        form.add_error(None, exc.message)
        return _page(request, actor, form, period, status=400)
    back = reverse("ledgers:index") + "?" + selectors.period_query(period)
    try:
        job = start_job(
            actor=actor,
            handler=export_ledger,
            title=job_title(entry.title, period),
            params={"key": entry.key, "period": str(period)},
            back_url=back,
        )
    except TooMany as exc:
        messages.error(request, exc.message)
        return redirect(back)
    return redirect(job)
