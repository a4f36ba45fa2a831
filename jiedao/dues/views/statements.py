"""Importing a payment statement, and its blank template."""

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from jiedao.accounts.policy import request_actor, staff
from jiedao.core.downloads import download_response
from jiedao.core.pages import form_page
from jiedao.core.spreadsheets.writing import XLSX_CONTENT_TYPE, XlsxWriter
from jiedao.dues import access, forms, services
from jiedao.dues.services.statements import HEADERS


@staff(*access.MANAGE_ROLES)
def statement_import(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    result = None
    if request.method == "POST":
        form = forms.StatementForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            result = services.statement_import(
                actor=actor,
                source=upload,
                file_name=upload.name or "",
                channel=form.cleaned_data["channel"],
                request=request,
            )
    else:
        form = forms.StatementForm()
    response = form_page(
        request,
        form,
        title=_("导入缴费对账单"),
        cancel_url=reverse("dues:index"),
        template="dues/statement_import.html",
        result=result,
        sees_all=True,
        can_manage=True,
    )
    if result is not None and result.errors:
        response.status_code = 400
    return response


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
