"""Staff pages of the people registry and the dashboard. Thin: access → service
→ response; scope rules come from ``people.access``, validation from
``people.services``, search from ``people.selectors``."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiedao.accounts.policy import request_actor, staff
from jiedao.core.models import AuditEntry
from jiedao.people import access, services
from jiedao.people.dashboard import dashboard_figures
from jiedao.people.forms import PersonFilterForm, PersonForm
from jiedao.people.models import Person
from jiedao.people.selectors import field_label, people_page_rows

RECENT_AUDIT_ENTRIES = 20


def _wants_fragment(request: HttpRequest) -> bool:
    """An htmx request for part of the page (a history restore needs the whole page)."""
    return request.headers.get("HX-Request") == "true" and not request.headers.get("HX-History-Restore-Request")


@staff(*access.BROWSE_ROLES)
def person_list(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    form = PersonFilterForm(request.GET, actor=actor)
    people = people_page_rows(form.search(access.people_visible_to(actor)))
    page = Paginator(people, settings.JIEDAO_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "can_edit": access.can_edit_people(actor),
        "can_import": actor.has_role(*access.IMPORT_ROLES),
    }
    template = "people/list.html#results" if _wants_fragment(request) else "people/list.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _field_labels(entry: AuditEntry) -> list[str]:
    """The changed or revealed fields of an audit entry, by their labels."""
    names = entry.detail.get("fields") or ([entry.detail["field"]] if entry.detail.get("field") else [])
    return [field_label(str(name)) for name in names]


@staff(*access.BROWSE_ROLES)
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    person = access.person_for_actor(actor, pk)
    audit_entries = None
    if actor.is_office:
        audit_entries = [
            (entry, _field_labels(entry))
            for entry in AuditEntry.objects.filter(
                subdistrict_id=person.subdistrict_id, object_type=Person._meta.label_lower, object_id=str(person.pk)
            )[:RECENT_AUDIT_ENTRIES]
        ]
    context = {
        "person": person,
        "can_edit": access.can_edit_people(actor),
        "can_reveal": access.can_reveal(actor),
        "audit_entries": audit_entries,
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
            form.add_service_errors(exc)
        else:
            messages.success(request, _("已登记 %(name)s。") % {"name": person.name})
            return redirect("people:detail", pk=person.pk)
    return render(request, "people/form.html", {"form": form, "person": None})


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
            form.add_service_errors(exc)
        else:
            messages.success(request, _("已保存 %(name)s 的信息。") % {"name": locked.name})
            return redirect("people:detail", pk=pk)
    return render(request, "people/form.html", {"form": form, "person": person})


@staff()
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "people/dashboard.html", {"data": dashboard_figures(request_actor(request))})
