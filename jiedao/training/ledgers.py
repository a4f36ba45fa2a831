"""The training subsidies ledger (``jiedao.core.ledgers``): the subsidy claims applied
for in a year, per provider, by the programme's own sums (``services.ledger``: claims,
amounts claimed, approved and paid, rejections), for the overseers of the sub-district
(``access.claims_visible_to``). The rates of completion, certificates and employment
after a class are the employment programme's ledger (``employment/ledgers.py``)."""

from collections.abc import Iterable
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiedao.accounts.actor import Actor
from jiedao.core.ledgers import Ledger, Period, Source, Table
from jiedao.training import access, services
from jiedao.training.models import SubsidyClaim

ZERO = Decimal(0)


def subsidies(actor: Actor, period: Period) -> Table:
    lines = services.ledger(access.claims_visible_to(actor), period.year)
    table = Table(
        title=_("%(year)s年度职业技能培训补贴台账") % {"year": period.year},
        headings=[
            _("培训机构"),
            _("申请笔数"),
            _("申请金额（元）"),
            _("审核通过金额（元）"),
            _("已拨付金额（元）"),
            _("驳回笔数"),
        ],
        scope=_("全街道"),
    )
    statuses = dict(SubsidyClaim.Status.choices)
    for index, line in enumerate(lines):
        table.rows.append([line.provider, line.claims, line.claimed, line.approved, line.paid, line.rejected])
        for claim in line.rows:
            label = _("%(course)s %(name)s %(amount)s元（%(status)s）") % {
                "course": claim.enrolment.training_class.course.name,
                "name": claim.enrolment.person.name,
                "amount": claim.amount,
                "status": statuses.get(claim.status, claim.status),
            }
            table.sources.append(Source("training.subsidyclaim", claim.pk, label, index))
    if lines:
        table.rows.append(
            [
                _("合计"),
                sum(line.claims for line in lines),
                sum((line.claimed for line in lines), ZERO),
                sum((line.approved for line in lines), ZERO),
                sum((line.paid for line in lines), ZERO),
                sum(line.rejected for line in lines),
            ]
        )
    return table


def ledgers() -> Iterable[Ledger]:
    yield Ledger(
        key="training.subsidies",
        title=gettext_lazy("职业技能培训补贴台账"),
        readers=frozenset(access.OVERSEE_ROLES),
        build=subsidies,
        source=gettext_lazy("培训补贴申请、审核与拨付记录（按申请日期计入年度）"),
        monthly=False,
    )
