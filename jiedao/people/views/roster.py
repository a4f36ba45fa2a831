"""Roster pages: the import template, the upload page and the export.

Import is for the office roles only (they act for the whole sub-district);
union chairs keep adding people one by one within their scope. The export is
for every role that browses people, limited to what each one can see."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from jiedao.accounts.policy import request_actor, staff
from jiedao.core.downloads import download_response
from jiedao.core.pages import form_status
from jiedao.people import access, selectors
from jiedao.people.forms import PersonFilterForm
from jiedao.people.roster.exporting import XLSX_CONTENT_TYPE, roster_export, roster_template
from jiedao.people.roster.forms import RosterUploadForm
from jiedao.people.roster.importing import ImportResult, roster_import

MAX_ERRORS_SHOWN = 500  # a file with thousands of bad rows: the first ones tell what to fix
UPDATED_SHOWN = 100  # people updated by an import listed by name (the audit entry keeps more ids)


@staff(*access.IMPORT_ROLES)
def import_template(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    assert actor.subdistrict_id is not None  # every staff role belongs to a sub-district
    content = roster_template(subdistrict_id=actor.subdistrict_id)
    return download_response(content, filename=_("人员导入模板.xlsx"), content_type=XLSX_CONTENT_TYPE)


@staff(*access.IMPORT_ROLES)
def import_page(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    assert actor.subdistrict_id is not None
    posted = request.method == "POST"
    form = RosterUploadForm(request.POST if posted else None, request.FILES if posted else None)
    result: ImportResult | None = None
    if posted and form.is_valid():
        upload = form.cleaned_data["file"]
        result = roster_import(
            subdistrict_id=actor.subdistrict_id,
            source=upload,
            file_name=upload.name or "",
            actor=actor,
            request=request,
            dry_run=form.cleaned_data["dry_run"],
        )
    updated_people = []
    if result is not None and result.ok and result.updated_ids:
        updated_people = selectors.people_in_order(actor, result.updated_ids[:UPDATED_SHOWN])  # in file order
    context = {
        "form": form,
        "result": result,
        "errors_shown": result.errors[:MAX_ERRORS_SHOWN] if result else [],
        "updated_people": updated_people,
    }
    refused = form_status(form) == 400 or (result is not None and not result.ok)
    return render(request, "people/roster_import.html", context, status=400 if refused else 200)


@staff(*access.BROWSE_ROLES)
def export(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    form = PersonFilterForm(request.GET, actor=actor)
    people = form.search(access.people_visible_to(actor))
    # The form drops a number from the search text, so the log never holds an ID number.
    filters = {k: str(v) for k, v in form.cleaned_data.items() if v} if form.is_valid() else {}
    content = roster_export(actor=actor, people=people, filters=filters, request=request)
    filename = _("人员名单-%(date)s.xlsx") % {"date": f"{timezone.localdate():%Y%m%d}"}
    return download_response(content, filename=filename, content_type=XLSX_CONTENT_TYPE)
