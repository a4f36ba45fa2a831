"""The form of a follow-up's record."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jiedao.employment.forms import DATE, EmployerForm
from jiedao.employment.models import FollowUp


class FollowUpForm(EmployerForm):
    outcome = forms.ChoiceField(
        label=_("随访结果"), choices=[c for c in FollowUp.Outcome.choices if c[0] != FollowUp.Outcome.UNKNOWN]
    )
    followed_up_on = forms.DateField(label=_("随访日期"), widget=DATE)
    employed_since = forms.DateField(label=_("入职日期"), widget=DATE, required=False)
    contract = forms.ChoiceField(
        label=_("用工形式"), choices=[("", "---------"), *FollowUp.Contract.choices], required=False
    )
    note = forms.CharField(label=_("备注"), max_length=200, required=False)
    field_order = ["outcome", "followed_up_on", "employer", "employer_name", "employed_since", "contract", "note"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["employer"].label = _("就业单位")
        self.fields["employer"].help_text = _("已就业时填写单位、入职日期和用工形式。")
