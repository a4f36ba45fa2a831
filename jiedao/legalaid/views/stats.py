"""What everyone who does not read cases sees: aggregate statistics with small figures
suppressed; and, for the supervisor, the log of who read which case."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_cache_control

from jiedao.accounts.policy import request_actor, staff
from jiedao.core.paging import page_of
from jiedao.legalaid import access, selectors
from jiedao.legalaid.forms import StatsForm


@staff(*access.STATS_ROLES)
def stats_page(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    assert actor.subdistrict_id is not None
    form = StatsForm(request.GET or None)
    year = min(form.chosen_year(), timezone.localdate().year)
    data = selectors.legal_aid_stats(subdistrict_id=actor.subdistrict_id, year=year)
    return render(request, "legalaid/stats.html", {"form": form, "data": data, "year": year})


@staff(*access.SUPERVISE_ROLES)
def case_reads(request: HttpRequest) -> HttpResponse:
    """Oversight for the supervisor: every read of a case or a document — who, which
    case (its number), when, in which capacity. The general audit log leaves these out."""
    page = page_of(request, selectors.case_reads(request_actor(request)))
    response = render(request, "legalaid/reads.html", {"page": page})
    patch_cache_control(response, no_store=True, private=True)
    return response
