"""The legal-aid ledger (``jiedao.core.ledgers``): the aggregate figures of a year as
the programme publishes them (``selectors.legal_aid_stats``: completed months only,
figures of fewer than five workers suppressed, complementary suppression), for the
roles that read the statistics (``access.STATS_ROLES``). Aggregates only: no case,
no worker is named, not even on the sources sheet."""

from collections.abc import Iterable

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiedao.accounts.access import staff_tenant
from jiedao.accounts.actor import Actor
from jiedao.core.ledgers import Ledger, Period, Table, published_figure
from jiedao.legalaid import access, selectors


def legal_aid_aggregates(actor: Actor, period: Period) -> Table:
    table = Table(
        title=_("%(year)s年度职工法律援助统计台账") % {"year": period.year},
        headings=[_("分组"), _("项目"), _("案件数")],
        scope=_("全街道"),
        source_note=_("依据本年度已结束月份立案的法律援助案件及其进展记录汇总；按保密规则不列明个案。"),
    )
    tenant = staff_tenant(actor)
    if tenant is None or not access.can_see_stats(actor):
        return table
    data = selectors.legal_aid_stats(subdistrict_id=tenant, year=period.year)
    least = data["min_people"]
    groups = ((_("按月立案"), data["months"]), (_("按争议类型"), data["types"]), (_("按办理阶段"), data["stages"]))
    for group, cells in groups:
        for cell in cells:
            table.rows.append([group, cell["label"], published_figure(cell, least)])
    table.rows.append([_("合计"), _("案件总数"), published_figure(data["cases"], least)])
    recovered = f"<{least}" if data["amount_recovered_suppressed"] else data["amount_recovered"]
    table.rows.append([_("合计"), _("结案挽回金额（元）"), recovered])
    return table


def ledgers() -> Iterable[Ledger]:
    yield Ledger(
        key="legalaid.aggregates",
        title=gettext_lazy("职工法律援助统计台账"),
        readers=frozenset(access.STATS_ROLES),
        build=legal_aid_aggregates,
        source=gettext_lazy("法律援助案件及其进展记录（仅汇总，少于5人的数字不公布）"),
        monthly=False,
    )
