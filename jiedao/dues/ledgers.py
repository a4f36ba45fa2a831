"""The union-dues ledger (``jiedao.core.ledgers``): each enterprise's assessment of a
year with what was paid and what is still owed, by the programme's own money rules
(``selectors.ledger.ledger_queryset``, ``paid_of``, ``arrears_of``: exact, voided
payments left out), over the assessments the actor may see
(``access.assessments_visible_to``: the federation and the admin all of them, an
enterprise union chair their own enterprise's)."""

from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiedao.accounts.actor import Actor
from jiedao.core.ledgers import Cell, Ledger, Period, Source, Table
from jiedao.dues import access
from jiedao.dues.models import Channel, DuesAssessment, DuesPayment
from jiedao.dues.selectors.ledger import LIVE, arrears_of, ledger_queryset, paid_of


def dues_and_arrears(actor: Actor, period: Period) -> Table:
    today = timezone.localdate()
    visible = access.assessments_visible_to(actor)
    assessments = list(ledger_queryset(visible, period.year))
    kinds, channels = dict(DuesAssessment.Kind.choices), dict(Channel.choices)
    table = Table(
        title=_("%(year)s年度工会经费及欠缴台账") % {"year": period.year},
        headings=[
            _("企业"),
            _("类别"),
            _("交纳渠道"),
            _("全年工资总额（元）"),
            _("计拨比例"),
            _("应缴（元）"),
            _("已缴（元）"),
            _("欠缴（元）"),
            _("交纳截止日期"),
            _("已逾期"),
        ],
        scope=_("全街道") if access.sees_all(actor) else _("本企业"),
    )
    row_of: dict[int, int] = {}
    for index, a in enumerate(assessments):
        arrears = arrears_of(a)
        cells: list[Cell] = [
            a.unit.name,
            str(kinds.get(a.kind, a.kind)),
            str(channels.get(a.channel, a.channel)),
            a.payroll_base,
            a.rate,
            a.assessed,
            paid_of(a),
            arrears,
            a.due_on,
            _("是") if arrears > 0 and a.due_on < today else _("否"),
        ]
        table.rows.append(cells)
        row_of[a.pk] = index
        table.sources.append(Source("dues.duesassessment", a.pk, f"{a.unit.name} {a.year}", index))
    payments = (
        DuesPayment.objects.filter(LIVE, assessment_id__in=list(row_of))
        .order_by("assessment_id", "paid_on", "id")
        .values_list("id", "assessment_id", "paid_on", "amount")
    )
    for pk, assessment_id, paid_on, amount in payments:
        label = _("%(day)s缴费%(amount)s元") % {"day": paid_on.isoformat(), "amount": amount}
        table.sources.append(Source("dues.duespayment", pk, label, row_of[assessment_id]))
    return table


def ledgers() -> Iterable[Ledger]:
    yield Ledger(
        key="dues.ledger",
        title=gettext_lazy("工会经费及欠缴台账"),
        readers=frozenset(access.LEDGER_ROLES),
        build=dues_and_arrears,
        source=gettext_lazy("经费核定与缴费记录（作废的不计）"),
        monthly=False,
    )
