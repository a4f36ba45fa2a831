"""Staff pages of the people registry and the dashboard. Thin: access → service
→ response; scope rules come from ``people.access``, validation from
``people.services``, search from ``people.selectors``."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiedao.accounts.actor import Actor
from jiedao.accounts.policy import request_actor, staff
from jiedao.core.errors import TooMany
from jiedao.core.forms import add_service_errors
from jiedao.core.pages import form_status
from jiedao.core.paging import page_of
from jiedao.people import access, services
from jiedao.people.dashboard import dashboard_figures
from jiedao.people.forms import NUMBER_IN_SEARCH, IdNumberLookupForm, PersonFilterForm, PersonForm
from jiedao.people.selectors import audit_history, people_page_rows, person_by_id_number, shown_roles


def _wants_fragment(request: HttpRequest) -> bool:
    """An htmx request for part of the page (a history restore needs the whole page)."""
    return request.headers.get("HX-Request") == "true" and not request.headers.get("HX-History-Restore-Request")


def _list_page(
    request: HttpRequest, actor: Actor, form: PersonFilterForm, lookup: IdNumberLookupForm, status: int = 200
) -> HttpResponse:
    people = people_page_rows(form.search(access.people_visible_to(actor)))
    page = page_of(request, people)
    shown_roles(page.object_list, party=access.sees_party(actor))
    context = {
        "form": form,
        "query": form.query(),
        "lookup": lookup,
        "page": page,
        "can_edit": access.can_edit_people(actor),
        "can_import": actor.has_role(*access.IMPORT_ROLES),
    }
    template = "people/list.html#results" if _wants_fragment(request) else "people/list.html"
    response = render(request, template, context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


@staff(*access.BROWSE_ROLES)
def person_list(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    form = PersonFilterForm(request.GET, actor=actor)
    if form.number_dropped:
        # The number is in this request's URL: send the browser on to one without it,
        # so that it stays out of the history (htmx would push it) and of every link.
        messages.warning(request, NUMBER_IN_SEARCH)
        query = form.query()
        url = reverse("people:list") + (f"?{query.urlencode()}" if query else "")
        if request.headers.get("HX-Request") == "true":
            response = HttpResponse()
            response["HX-Redirect"] = url
            return response
        return redirect(url)
    return _list_page(request, actor, form, IdNumberLookupForm())


@staff(*access.BROWSE_ROLES)
def person_lookup(request: HttpRequest) -> HttpResponse:
    """Find a person by full ID number (POSTed, so it never enters a URL) and go
    to their page. Someone outside the actor's scope is not found, like someone
    not registered; the answer holds neither the number nor the person."""
    if request.method != "POST":
        return redirect("people:list")  # e.g. the language switch returning here
    actor = request_actor(request)
    lookup = IdNumberLookupForm(request.POST)
    status = 400
    if lookup.is_valid():
        try:
            person = person_by_id_number(actor, lookup.cleaned_data["id_number"])
        except ValidationError as exc:
            lookup.add_error(None, exc)
        else:
            if person is not None:
                return redirect("people:detail", pk=person.pk)
            lookup.add_error("id_number", _("未找到此身份证号的人员（或此人不在您的查看范围内）。"))
            status = 404
    return _list_page(request, actor, PersonFilterForm(actor=actor), lookup, status=status)


@staff(*access.BROWSE_ROLES)
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    person = access.person_for_actor(actor, pk)
    show_party = access.sees_party(actor, person)
    shown_roles([person], party=show_party)
    context = {
        "person": person,
        "show_party": show_party,
        "can_edit": access.can_edit_people(actor),
        "can_reveal": access.can_reveal(actor),
        "audit_lines": audit_history(actor, person),
    }
    return render(request, "people/detail.html", context)


@staff(*access.REVEAL_ROLES)
@require_POST
def person_reveal(request: HttpRequest, pk: int, field: str) -> HttpResponse:
    if field not in services.SENSITIVE_FIELDS:
        raise Http404
    actor = request_actor(request)
    person = access.person_for_actor(actor, pk)
    value = services.person_reveal(actor=actor, person=person, field=field, request=request)
    context = {"person": person, "field": field, "value": value, "can_reveal": True}
    response = render(request, "people/detail.html#sensitive", context)
    patch_cache_control(response, no_store=True)
    return response


@staff(*access.EDIT_ROLES)
def person_create(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    form = PersonForm(request.POST if request.method == "POST" else None, actor=actor)
    if form.is_bound and form.is_valid():
        try:
            person = services.person_create(
                actor=actor, request=request, subdistrict_id=actor.subdistrict_id, **form.service_arguments(None)
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except TooMany as exc:  # too many refused ID numbers: said beside the number
            form.add_error("id_number", exc.message)
        else:
            messages.success(request, _("已登记 %(name)s。") % {"name": person.name})
            return redirect("people:detail", pk=person.pk)
    return render(request, "people/form.html", {"form": form, "person": None}, status=form_status(form))


@staff(*access.EDIT_ROLES)
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    person = access.person_for_actor(actor, pk)
    form = PersonForm(request.POST if request.method == "POST" else None, actor=actor, person=person)
    if form.is_bound and form.is_valid():
        try:
            with transaction.atomic():
                # Re-read under a row lock: kept values come from the row as it is now.
                locked = access.person_for_actor(actor, pk, for_update=True)
                services.person_update(actor=actor, person=locked, request=request, **form.service_arguments(locked))
        except ValidationError as exc:
            add_service_errors(form, exc)
        except TooMany as exc:
            form.add_error("id_number", exc.message)
        else:
            messages.success(request, _("已保存 %(name)s 的信息。") % {"name": locked.name})
            return redirect("people:detail", pk=pk)
    return render(request, "people/form.html", {"form": form, "person": person}, status=form_status(form))


@staff()
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "people/dashboard.html", {"data": dashboard_figures(request_actor(request))})
