"""The 畅心屋 ledger (``jiedao.core.ledgers``): the aggregate figures of a year as the
programme publishes them (``selectors.counselling_stats``: completed months only,
figures of fewer than five people suppressed, complementary suppression), for the
roles that read the statistics (``access.STATS_ROLES``). Aggregates only: never a
name, an appointment or a record, not even on the sources sheet."""

from collections.abc import Iterable

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiedao.accounts.access import staff_tenant
from jiedao.accounts.actor import Actor
from jiedao.core.ledgers import Cell, Ledger, Period, Table, published_figure
from jiedao.counselling import access, selectors


def counselling_aggregates(actor: Actor, period: Period) -> Table:
    table = Table(
        title=_("%(year)s年度畅心屋心理咨询统计台账") % {"year": period.year},
        headings=[_("分组"), _("项目"), _("人次")],
        scope=_("全街道"),
        source_note=_("依据本年度已结束月份的咨询预约及咨询记录汇总；按保密规则不列明个人与个案。"),
    )
    tenant = staff_tenant(actor)
    if tenant is None or not access.can_see_stats(actor):
        return table
    data = selectors.counselling_stats(subdistrict_id=tenant, year=period.year)
    least = data["min_people"]
    for cell in data["months"]:
        table.rows.append([_("按月咨询"), cell["label"], published_figure(cell, least)])
    for cell in data["topics"]:
        table.rows.append([_("按咨询主题"), cell["label"], published_figure(cell, least)])
    table.rows.append([_("合计"), _("咨询人次"), published_figure(data["sessions"], least)])
    table.rows.append([_("合计"), _("爽约人次"), published_figure(data["no_shows"], least)])
    rate = data["no_show_rate"]
    shown: Cell = f"<{least}" if data["no_show_rate_suppressed"] else None if rate is None else f"{rate:.1%}"
    table.rows.append([_("合计"), _("爽约率"), shown])
    return table


def ledgers() -> Iterable[Ledger]:
    yield Ledger(
        key="counselling.aggregates",
        title=gettext_lazy("畅心屋心理咨询统计台账"),
        readers=frozenset(access.STATS_ROLES),
        build=counselling_aggregates,
        source=gettext_lazy("咨询预约与咨询记录（仅汇总，少于5人的数字不公布）"),
        monthly=False,
    )
