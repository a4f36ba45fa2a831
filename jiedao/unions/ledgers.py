"""The union-statistics ledger (``jiedao.core.ledgers``): per residential area, the
enterprises, how many have a union of their own or are covered by a joint union, the
workers and members, and the organised and membership rates, as of the end of the
year, by the programme's own selector (``selectors.coverage.coverage``) over the areas
the actor reads (``access.coverage_area_ids``: the federation and the admin all of
them, an area union chair their own area)."""

from collections.abc import Iterable

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiedao.accounts.access import staff_tenant
from jiedao.accounts.actor import Actor
from jiedao.core.ledgers import Cell, Ledger, Period, Source, Table
from jiedao.unions import access
from jiedao.unions.selectors.coverage import CoverageRow, coverage, enterprises_with_status, in_areas, total


def _cells(name: str, row: CoverageRow) -> list[Cell]:
    return [
        name,
        row.enterprises,
        row.with_union,
        row.covered,
        row.uncovered,
        row.should_organise,
        row.workers,
        row.members,
        row.organised_rate,
        row.membership_rate,
    ]


def union_statistics(actor: Actor, period: Period) -> Table:
    tenant = staff_tenant(actor)
    area_ids = access.coverage_area_ids(actor)
    rows = coverage(subdistrict_id=tenant, year=period.year, area_ids=area_ids) if tenant is not None else []
    table = Table(
        title=_("%(year)s年度工会组建统计台账") % {"year": period.year},
        headings=[
            _("居民区"),
            _("企业数"),
            _("单独建会"),
            _("联合工会覆盖"),
            _("未覆盖"),
            _("应单独建会未建"),
            _("职工数"),
            _("会员数"),
            _("建会率（%）"),
            _("入会率（%）"),
        ],
        scope=_("全街道") if area_ids is None else _("本居民区"),
    )
    row_of: dict[int | None, int] = {}
    for index, row in enumerate(rows):
        row_of[row.area_id] = index
        table.rows.append(_cells(row.name or _("未划入网格"), row))
    if rows:
        table.rows.append(_cells(_("合计"), total(rows)))
    if tenant is None:
        return table
    enterprises = (
        in_areas(enterprises_with_status(tenant, period.year), area_ids).select_related("grid").order_by("name", "id")
    )
    for unit in enterprises:
        own, joint = getattr(unit, "own", False), getattr(unit, "joint", False)
        status = _("单独建会") if own else _("联合工会覆盖") if joint else _("未覆盖")
        area_id = unit.grid.residential_area_id if unit.grid is not None else None
        table.sources.append(Source("org.unit", unit.pk, f"{unit.name}（{status}）", row_of.get(area_id)))
    return table


def ledgers() -> Iterable[Ledger]:
    yield Ledger(
        key="unions.statistics",
        title=gettext_lazy("工会组建统计台账"),
        readers=frozenset(access.COVERAGE_ROLES),
        build=union_statistics,
        source=gettext_lazy("企业、工会组织、联合工会覆盖与会员记录（截至年末）"),
        monthly=False,
    )
