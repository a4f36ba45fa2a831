"""The pages that belong to no one programme: home (where a user lands after
signing in), the health check and the audit log. Here rather than in ``core``
because they need actors and roles (``accounts``), which ``core`` may not import.

The audit log is read only: it answers GET alone, and nothing here edits or
deletes an entry. Office staff read their own sub-district's log.
"""

import datetime as dt
import logging

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from jiedao.accounts.actor import OFFICE_ROLES
from jiedao.accounts.policy import public, request_actor, staff
from jiedao.core.models import AuditEntry
from jiedao.core.pages import form_status
from jiedao.core.paging import page_of
from jiedao.people.access import audit_detail_for
from jiedao.site.forms import AuditFilterForm, object_type_label
from jiedao.site.programmes import programme_start
from jiedao.site.selectors import audit_entries_for, object_types_for

logger = logging.getLogger(__name__)


@public
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        # The exception text can name hosts and users: log it, do not publish it.
        logger.exception("health check: database unreachable")
        return JsonResponse(
            {"status": "error", "database": "unreachable", "reason": "the database did not answer"}, status=503
        )
    return JsonResponse({"status": "ok", "database": "ok"})


@public
def home(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    if not actor.is_authenticated:
        return redirect("accounts:login")
    if actor.is_staff_member:
        return redirect(programme_start(actor) or "people:dashboard")
    return redirect("residents:home")  # a resident's home: every programme's things for them


def aware_stamp(moment: dt.datetime) -> str:
    """``2026-11-30 10:15:03 +08:00``: local time with its offset, never a bare clock."""
    local = timezone.localtime(moment)
    offset = local.strftime("%z")  # "+0800"
    return f"{local:%Y-%m-%d %H:%M:%S} {offset[:3]}:{offset[3:]}"


@require_safe
@staff(*OFFICE_ROLES)
def audit_list(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    form = AuditFilterForm(request.GET or None, object_types=object_types_for(actor))
    valid = not form.is_bound or form.is_valid()
    filters = form.cleaned_data if form.is_bound and valid else {}
    entries = audit_entries_for(actor, filters) if valid else AuditEntry.objects.none()
    page = page_of(request, entries)
    rows = [
        (
            entry,
            aware_stamp(entry.created_at),
            object_type_label(entry.object_type),
            audit_detail_for(actor, entry.object_type, entry.detail),
        )
        for entry in page
    ]
    context = {"form": form, "page": page, "rows": rows, "valid": valid}
    return render(request, "site/audit_list.html", context, status=form_status(form))
