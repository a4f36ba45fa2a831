"""Forms of the volunteering pages: they collect and type the input; the services
validate it."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jiedao.core.forms import BootstrapForm
from jiedao.org.models import ResidentialArea, Unit
from jiedao.volunteering.models import Rounding

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class TaskForm(BootstrapForm):
    title = forms.CharField(label=_("任务名称"), max_length=200)
    description = forms.CharField(label=_("服务内容"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    organiser = forms.ModelChoiceField(label=_("组织单位"), queryset=Unit.objects.none())
    residential_area = forms.ModelChoiceField(
        label=_("服务居民区"), queryset=ResidentialArea.objects.none(), required=False, help_text=_("留空表示全街道")
    )
    skills = forms.CharField(label=_("所需技能"), max_length=200, required=False)
    contact = forms.CharField(label=_("联系人及电话"), max_length=100)
    hours_per_shift = forms.DecimalField(
        label=_("每班次服务时长（小时）"), max_digits=4, decimal_places=1, min_value=Decimal("0.1")
    )

    def __init__(self, *args: Any, subdistrict_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organiser = self.fields["organiser"]
        area = self.fields["residential_area"]
        assert isinstance(organiser, forms.ModelChoiceField) and isinstance(area, forms.ModelChoiceField)
        organiser.queryset = Unit.objects.filter(
            subdistrict_id=subdistrict_id, kind__in=[Unit.Kind.OFFICE, Unit.Kind.RESIDENTS_COMMITTEE]
        )
        area.queryset = ResidentialArea.objects.filter(subdistrict_id=subdistrict_id)


class ShiftForm(BootstrapForm):
    date = forms.DateField(label=_("日期"), widget=DATE)
    start = forms.TimeField(label=_("开始时间"), widget=TIME)
    end = forms.TimeField(label=_("结束时间"), widget=TIME)
    place = forms.CharField(label=_("地点"), max_length=200)
    capacity = forms.IntegerField(label=_("名额"), min_value=1, max_value=10000)
    weeks = forms.IntegerField(
        label=_("每周重复（周数）"), min_value=1, max_value=26, initial=1, help_text=_("1表示一次性班次")
    )


class ShiftEditForm(BootstrapForm):
    date = forms.DateField(label=_("日期"), widget=DATE)
    start = forms.TimeField(label=_("开始时间"), widget=TIME)
    end = forms.TimeField(label=_("结束时间"), widget=TIME)
    place = forms.CharField(label=_("地点"), max_length=200)
    capacity = forms.IntegerField(
        label=_("名额"), min_value=1, max_value=10000, help_text=_("不能少于已认领和保留的名额")
    )


class TaskOpenForm(BootstrapForm):
    is_open = forms.TypedChoiceField(
        label=_("开放认领"), choices=[("1", _("开放")), ("0", _("关闭"))], coerce=lambda v: v == "1"
    )


class RevokeForm(BootstrapForm):
    reason = forms.CharField(label=_("作废原因"), max_length=200)


class ReportForm(BootstrapForm):
    hours = forms.DecimalField(label=_("服务时长（小时）"), max_digits=5, decimal_places=2, min_value=Decimal(0))
    note = forms.CharField(label=_("服务情况说明"), max_length=500, required=False)


class CorrectForm(BootstrapForm):
    hours = forms.DecimalField(label=_("核定时长（小时）"), max_digits=5, decimal_places=2, min_value=Decimal(0))
    reason = forms.CharField(label=_("更正原因"), max_length=200)


class ReviewForm(BootstrapForm):
    approve = forms.TypedChoiceField(
        label=_("审核结果"), choices=[("1", _("通过")), ("0", _("不通过"))], coerce=lambda v: v == "1"
    )


class NeedForm(BootstrapForm):
    residential_area = forms.ModelChoiceField(label=_("居民区"), queryset=ResidentialArea.objects.none())
    title = forms.CharField(label=_("需求"), max_length=200)
    description = forms.CharField(label=_("说明"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args: Any, areas: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["residential_area"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = areas


class SettingsForm(BootstrapForm):
    cancel_cutoff_hours = forms.IntegerField(label=_("取消截止（开始前小时数）"), min_value=0, max_value=720)
    offer_hours = forms.IntegerField(label=_("候补保留时长（小时）"), min_value=1, max_value=720)
    rounding_minutes = forms.IntegerField(label=_("时长取整单位（分钟）"), min_value=1, max_value=720)
    rounding = forms.ChoiceField(label=_("取整方式"), choices=Rounding.choices)
    issuer_name = forms.CharField(label=_("出具组织"), max_length=100)
    person_in_charge = forms.CharField(label=_("负责人"), max_length=64)
    handler = forms.CharField(label=_("经办人"), max_length=64)
    issuer_contact = forms.CharField(label=_("出具组织联系电话"), max_length=100, help_text=_("印在证明上，供核实"))


def _year_start() -> dt.date:
    return timezone.localdate().replace(month=1, day=1)


class CertificateForm(BootstrapForm):
    date_from = forms.DateField(label=_("起始日期"), widget=DATE, initial=_year_start)
    date_to = forms.DateField(label=_("截止日期"), widget=DATE, initial=timezone.localdate)
