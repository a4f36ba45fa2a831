"""The annual union statistics ledger as an xlsx, generated from the records."""

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from jiedao.accounts.policy import request_actor, staff
from jiedao.core.downloads import download_response
from jiedao.core.spreadsheets.writing import XLSX_CONTENT_TYPE, XlsxWriter
from jiedao.dues import access, selectors
from jiedao.dues.selectors.statistics import Statistics
from jiedao.dues.views.common import year_param


def statistics_xlsx(s: Statistics, subdistrict: str) -> bytes:
    book = XlsxWriter()
    sheet = book.sheet(_("工会统计台账"), header=[_("项目"), _("数值")], widths={0: 36, 1: 18})
    sheet.append([_("%(sd)s %(year)d年度工会统计台账") % {"sd": subdistrict, "year": s.year}, None])
    rows: list[tuple[str, int | float]] = [
        (_("基层工会数"), s.base_unions),
        (_("其中联合工会"), s.joint_unions),
        (_("其中企业工会"), s.enterprise_unions),
        (_("企业数"), s.enterprises),
        (_("独立建会企业（企业工会）"), s.own_union),
        (_("联合工会覆盖企业"), s.joint_union),
        (_("工会覆盖单位合计"), s.covered),
        (_("未建会企业"), s.uncovered),
        (_("覆盖单位职工人数"), s.workers),
        (_("工会会员人数"), s.members),
        (_("其中女会员"), s.women_members),
        # Excel keeps numbers as binary doubles; the ledger's own figures stay Decimal.
        (_("应缴工会经费（元）"), float(s.assessed_dues)),
        (_("应缴工会筹备金（元）"), float(s.assessed_preparatory)),
        (_("应缴合计（元）"), float(s.assessed)),
        (_("实收合计（元）"), float(s.received)),
    ]
    for label, value in rows:
        sheet.append([label, value])
    return book.content()


@staff(*access.OVERVIEW_ROLES)
def statistics_download(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    tenant = access.tenant_for_overview(actor)
    year = year_param(request)
    figures, name = selectors.annual_statistics(tenant, year)
    return download_response(
        statistics_xlsx(figures, name),
        filename=_("%(year)d年度工会统计台账.xlsx") % {"year": year},
        content_type=XLSX_CONTENT_TYPE,
    )
