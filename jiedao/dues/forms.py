"""The forms of the dues pages; the services do the checking that matters."""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jiedao.core.forms import BootstrapForm
from jiedao.dues.models import FIRST_YEAR, LAST_YEAR, ArrearsStep, Channel, DuesAssessment
from jiedao.org.models import Unit

DATE = forms.DateInput(attrs={"type": "date"})


def _year_field(**kwargs: Any) -> forms.IntegerField:
    return forms.IntegerField(label=_("年度"), min_value=FIRST_YEAR, max_value=LAST_YEAR, **kwargs)


def _money(label: Any, **kwargs: Any) -> forms.DecimalField:
    return forms.DecimalField(label=label, max_digits=14, decimal_places=2, min_value=0, **kwargs)


def _share(label: Any) -> forms.DecimalField:
    return forms.DecimalField(label=label, max_digits=5, decimal_places=2, min_value=0, max_value=100)


class YearForm(BootstrapForm):
    year = _year_field()
    rate_percent = forms.DecimalField(
        label=_("计拨比例（%）"),
        max_digits=6,
        decimal_places=2,
        initial=2,
        help_text=_("工会法规定为全部职工工资总额的2%。"),
    )
    due_on = forms.DateField(label=_("交纳截止日期"), widget=DATE, help_text=_("在此日期前交清视为按时交纳。"))


class SplitForm(BootstrapForm):
    year = _year_field()
    channel = forms.ChoiceField(label=_("交纳渠道"), choices=Channel.choices)
    enterprise_union = _share(_("基层工会留成（%）"))
    subdistrict_federation = _share(_("街道总工会（%）"))
    district_union = _share(_("区总工会（%）"))
    city_union = _share(_("市总工会（%）"))


class ScheduleForm(BootstrapForm):
    first_after_days = forms.IntegerField(label=_("逾期多少天后首次提醒"), min_value=1, max_value=3650)
    every_days = forms.IntegerField(label=_("此后每隔多少天提醒"), min_value=1, max_value=3650)
    notice_after_days = forms.IntegerField(label=_("逾期多少天后发正式催缴通知"), min_value=1, max_value=3650)
    order_after_days = forms.IntegerField(label=_("逾期多少天后可申请支付令"), min_value=1, max_value=3650)
    phone = forms.CharField(
        label=_("总工会联系电话"),
        max_length=32,
        required=False,
        help_text=_("欠缴短信提醒请企业拨打此号码；不填则不发短信提醒。"),
    )


class AssessmentForm(BootstrapForm):
    unit = forms.ModelChoiceField(label=_("企业"), queryset=Unit.objects.none())
    year = _year_field()
    payroll_base = _money(_("全年工资总额（元）"))
    channel = forms.ChoiceField(label=_("交纳渠道"), choices=Channel.choices)
    kind = forms.ChoiceField(
        label=_("类别"),
        choices=[("", _("按建会情况自动确定")), *DuesAssessment.Kind.choices],
        required=False,
        help_text=_("未建工会的企业由街道总工会收取工会筹备金，比例相同。"),
    )
    contact_name = forms.CharField(label=_("联系人"), max_length=50, required=False)
    contact_email = forms.EmailField(label=_("联系邮箱"), required=False, help_text=_("欠缴提醒发往此邮箱。"))
    contact_phone = forms.CharField(
        label=_("联系人手机"), max_length=20, required=False, help_text=_("欠缴短信提醒发往此号码。")
    )

    def __init__(self, *args: Any, subdistrict_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Unit.objects.filter(subdistrict_id=subdistrict_id, kind=Unit.Kind.ENTERPRISE).order_by("name")


class PaymentForm(BootstrapForm):
    paid_on = forms.DateField(label=_("缴费日期"), widget=DATE, initial=timezone.localdate)
    amount = forms.DecimalField(label=_("金额（元）"), max_digits=14, decimal_places=2)
    channel = forms.ChoiceField(label=_("交纳渠道"), choices=Channel.choices)
    reference = forms.CharField(label=_("流水号"), max_length=64, required=False)


class StepForm(BootstrapForm):
    step = forms.ChoiceField(label=_("步骤"), choices=ArrearsStep.Step.choices)
    taken_on = forms.DateField(label=_("日期"), widget=DATE, initial=timezone.localdate)
    note = forms.CharField(label=_("说明"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class StatementForm(BootstrapForm):
    channel = forms.ChoiceField(label=_("交纳渠道"), choices=Channel.choices)
    file = forms.FileField(
        label=_("对账单文件"),
        help_text=_("xlsx、xls 或 ods；列：统一社会信用代码、年度、缴费日期、金额、流水号。"),
    )


class CommendForm(BootstrapForm):
    meeting = forms.TypedChoiceField(label=_("联席会议"), coerce=int, choices=())
    units = forms.TypedMultipleChoiceField(
        label=_("表彰企业"), coerce=int, choices=(), widget=forms.CheckboxSelectMultiple
    )
    title = forms.CharField(label=_("议程标题"), max_length=200)
    award = forms.CharField(label=_("表彰名称"), max_length=100)

    def __init__(
        self, *args: Any, meetings: list[tuple[int, str]], units: list[tuple[int, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting"].choices = meetings  # type: ignore[attr-defined]
        self.fields["units"].choices = units  # type: ignore[attr-defined]


class AssessmentEditForm(BootstrapForm):
    payroll_base = _money(_("全年工资总额（元）"))
    channel = forms.ChoiceField(label=_("交纳渠道"), choices=Channel.choices)
    kind = forms.ChoiceField(label=_("类别"), choices=DuesAssessment.Kind.choices)
    contact_name = forms.CharField(label=_("联系人"), max_length=50, required=False)
    contact_email = forms.EmailField(label=_("联系邮箱"), required=False, help_text=_("欠缴提醒发往此邮箱。"))
    contact_phone = forms.CharField(
        label=_("联系人手机"), max_length=20, required=False, help_text=_("欠缴短信提醒发往此号码。")
    )


class VoidForm(BootstrapForm):
    """The reason for voiding an assessment or a payment entered by mistake."""

    reason = forms.CharField(label=_("作废原因"), max_length=200)
