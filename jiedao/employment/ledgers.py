"""The training-and-employment rates ledger (``jiedao.core.ledgers``): per course and
provider, the trainees of the classes that ended in a year, completion and certificate
rates, and the employment rate at each follow-up offset, by the programme's own
selector (``selectors.rates.rates_for``), for its readers (``access.READ_ROLES``)."""

from collections.abc import Iterable

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiedao.accounts.access import scoped
from jiedao.accounts.actor import Actor
from jiedao.core.ledgers import Cell, Ledger, Period, Source, Table
from jiedao.employment import access, trainees
from jiedao.employment.rates import RateRow
from jiedao.employment.selectors.rates import rates_for


def _cells(course: str, provider: str, row: RateRow, offsets: list[int]) -> list[Cell]:
    cells: list[Cell] = [
        course,
        provider,
        row.trainees,
        row.completed,
        row.completion_rate,
        row.certified,
        row.certificate_rate,
    ]
    for figures in row.figures(offsets):
        cells += [figures.in_work, figures.known, figures.employment_rate]
    return cells


def training_rates(actor: Actor, period: Period) -> Table:
    rates = rates_for(actor, year=period.year)
    offsets = rates.offsets
    by_offset: list[str] = []
    for days in offsets:
        by_offset += [
            _("%(days)d天已就业人数") % {"days": days},
            _("%(days)d天已知去向人数") % {"days": days},
            _("%(days)d天就业率（%%）") % {"days": days},
        ]
    table = Table(
        title=_("%(year)s年结业培训班结业率、取证率及就业率台账") % {"year": period.year},
        headings=[
            _("培训项目"),
            _("培训机构"),
            _("学员"),
            _("结业人数"),
            _("结业率（%）"),
            _("取证人数"),
            _("取证率（%）"),
            *by_offset,
        ],
        scope=_("全街道"),
    )
    row_of: dict[tuple[str, str], int] = {}
    for index, row in enumerate(rates.rows):
        row_of[(row.course, row.provider)] = index
        table.rows.append(_cells(row.course, row.provider, row, offsets))
    if rates.rows:
        table.rows.append(_cells(_("合计"), "", rates.total, offsets))
    enrolments = scoped(trainees.followed(), actor) if access.can_read(actor) else trainees.followed().none()
    found = (
        enrolments.filter(**{f"{trainees.CLASS_END}__year": period.year})
        .order_by("id")
        .values_list("id", trainees.COURSE_NAME, trainees.PROVIDER_NAME, trainees.CLASS_NAME, "person__name")
    )
    for pk, course, provider, class_name, name in found:
        label = _("%(class)s 学员%(name)s") % {"class": class_name, "name": name}
        table.sources.append(Source("training.enrolment", pk, label, row_of.get((course, provider))))
    return table


def ledgers() -> Iterable[Ledger]:
    yield Ledger(
        key="employment.rates",
        title=gettext_lazy("培训结业率、取证率及就业率台账"),
        readers=frozenset(access.READ_ROLES),
        build=training_rates,
        source=gettext_lazy("结业评定的报名记录、结业证书与就业随访记录（按结业年份）"),
        monthly=False,
    )
