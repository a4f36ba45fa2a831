"""Importing a payment statement, and its blank template."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from jiedao.accounts.policy import request_actor, staff
from jiedao.core.downloads import download_response
from jiedao.core.pages import form_page
from jiedao.core.spreadsheets.writing import XLSX_CONTENT_TYPE, XlsxWriter
from jiedao.dues import access, forms, jobs
from jiedao.dues.services.statements import HEADERS
from jiedao.jobs.services import start_job


@staff(*access.MANAGE_ROLES)
def statement_import(request: HttpRequest) -> HttpResponse:
    """Upload a statement: the import runs as a long job (``dues.jobs``), and the
    job's page polls until it is done, then shows the counts or every bad row."""
    actor = request_actor(request)
    if request.method == "POST":
        form = forms.StatementForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            name = (upload.name or "")[:200]
            job = start_job(
                actor=actor,
                handler=jobs.import_statement,
                title=_("导入缴费对账单：%(name)s") % {"name": name},
                params={"channel": form.cleaned_data["channel"], "file_name": name},
                upload=upload,
                back_url=reverse("dues:statement_import"),
            )
            return redirect(job)
    else:
        form = forms.StatementForm()
    return form_page(
        request,
        form,
        title=_("导入缴费对账单"),
        cancel_url=reverse("dues:index"),
        template="dues/statement_import.html",
        sees_all=True,
        can_manage=True,
    )


@staff(*access.MANAGE_ROLES)
def statement_template(request: HttpRequest) -> HttpResponse:
    book = XlsxWriter()
    sheet = book.sheet(
        _("缴费对账单"), header=["单位名称", *HEADERS], widths={0: 32, 1: 22, 5: 24}, text_columns=(1, 5)
    )
    sheet.append(["上海示例有限公司", "91310109MA1G5BKX1Q", 2019, "2019-03-15", 1234.56, "TX2019031500001"])
    return download_response(
        book.content(), filename=_("缴费对账单模板.xlsx"), content_type=XLSX_CONTENT_TYPE, private=False
    )
