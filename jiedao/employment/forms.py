"""Forms of the employment pages: they collect and type the input; the services check it."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jiedao.core.forms import BootstrapForm
from jiedao.employment.models import Availability, ClosedReason, Education, JobReferral
from jiedao.org.models import Unit

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class JobSeekerForm(BootstrapForm):
    registered_on = forms.DateField(label=_("登记日期"), widget=DATE)
    is_registered_unemployed = forms.BooleanField(label=_("已办理失业登记"), required=False)
    unemployed_since = forms.DateField(label=_("失业登记日期"), widget=DATE, required=False)
    education = forms.ChoiceField(label=_("文化程度"), choices=Education.choices)
    skills_wanted = forms.CharField(label=_("希望学习的技能"), max_length=200, required=False)
    desired_work = forms.CharField(label=_("求职意向"), max_length=200, required=False)
    availability = forms.ChoiceField(label=_("可工作方式"), choices=Availability.choices)
    available_from = forms.DateField(label=_("可上岗日期"), widget=DATE, required=False)
    note = forms.CharField(label=_("备注"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class JobSeekerCreateForm(JobSeekerForm):
    id_number = forms.CharField(
        label=_("身份证号"), max_length=18, help_text=_("此人须已在人员库中登记。"), widget=forms.TextInput()
    )
    field_order = ["id_number"]


class JobSeekerEditForm(JobSeekerForm):
    closed_on = forms.DateField(
        label=_("注销日期"), widget=DATE, required=False, help_text=_("已就业或不再求职时填写；清空即恢复登记。")
    )
    closed_reason = forms.ChoiceField(
        label=_("注销原因"), choices=[("", "---------"), *ClosedReason.choices], required=False
    )


class GuidanceForm(BootstrapForm):
    held_on = forms.DateField(label=_("指导日期"), widget=DATE)
    adviser = forms.CharField(label=_("指导人员"), max_length=64)
    topic = forms.CharField(label=_("指导内容"), max_length=200)
    advice = forms.CharField(label=_("建议与后续"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class EmployerForm(BootstrapForm):
    employer = forms.ModelChoiceField(label=_("用人单位"), queryset=Unit.objects.none(), required=False)
    employer_name = forms.CharField(
        label=_("未登记单位名称"), max_length=100, required=False, help_text=_("单位不在列表中时填写。")
    )

    def __init__(self, *args: Any, subdistrict_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["employer"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Unit.objects.filter(subdistrict_id=subdistrict_id).order_by("name")


class ReferralForm(EmployerForm):
    referred_on = forms.DateField(label=_("推荐日期"), widget=DATE)
    position = forms.CharField(label=_("岗位"), max_length=100)
    note = forms.CharField(label=_("备注"), max_length=200, required=False)
    field_order = ["referred_on", "employer", "employer_name", "position", "note"]


class ReferralOutcomeForm(BootstrapForm):
    outcome = forms.ChoiceField(label=_("结果"), choices=JobReferral.Outcome.choices)
    outcome_on = forms.DateField(label=_("结果日期"), widget=DATE, required=False)
    note = forms.CharField(label=_("备注"), max_length=200, required=False)
    close_registration = forms.BooleanField(
        label=_("已录用，同时注销求职登记（已就业）"), required=False, help_text=_("注销日期为结果日期。")
    )
