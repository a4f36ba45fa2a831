"""Forms of the record pages. They collect input only: what a valid record or
referral is lives in ``records.record_values`` / ``records.referral_values``."""

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from jiedao.counselling import record_access
from jiedao.counselling.models import RiskLevel, Topic
from jiedao.counselling.records import MAX_NOTES_LENGTH, MAX_REASON_LENGTH

NO_DIAGNOSIS_HELP = _(
    "记录谈话要点、主题和风险评估即可。咨询师不作诊断（《精神卫生法》第二十三条），"
    "请勿填写诊断或病名；如需诊断，请转介至医疗机构。"
)
RISK_HELP = _(
    "“高”表示存在危及自身或他人安全的风险：须同时登记转介（转介对象、时间和原因），这是保密原则的例外，会被记录。"
)


class _ServiceErrors:
    """Put each message of a service ``ValidationError`` next to its field."""

    def add_service_errors(self, error: ValidationError) -> None:
        form: forms.Form = self  # type: ignore[assignment]
        if not hasattr(error, "error_dict"):
            form.add_error(None, error)
            return
        for field, errors in error.message_dict.items():
            name = self.field_names.get(field, field)  # type: ignore[attr-defined]
            if name in form.fields and name not in form.errors:
                form.add_error(name, errors)
            else:
                form.add_error(None, errors)


def _datetime_local() -> forms.DateTimeInput:
    return forms.DateTimeInput(attrs={"type": "datetime-local", "class": "form-control"}, format="%Y-%m-%dT%H:%M")


class RecordForm(_ServiceErrors, forms.Form):
    """The counsellor's record of one session, with an optional referral (required
    by the service when the risk level is high)."""

    # Service error keys → form fields.
    field_names = {
        "referral": "referred_to",
        "referral_referred_to": "referred_to",
        "referral_referred_at": "referred_at",
        "referral_reason": "referral_reason",
    }

    notes = forms.CharField(
        label=_("谈话记录"),
        required=False,
        max_length=MAX_NOTES_LENGTH,
        help_text=NO_DIAGNOSIS_HELP,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 10}),
    )
    topics = forms.MultipleChoiceField(
        label=_("主题"),
        required=False,
        choices=Topic.choices,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    risk_level = forms.ChoiceField(
        label=_("风险等级"),
        choices=RiskLevel.choices,
        initial=RiskLevel.NONE,
        help_text=RISK_HELP,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    referred_to = forms.CharField(
        label=_("转介对象"),
        required=False,
        max_length=200,
        help_text=_("机构或人员，如：区精神卫生中心、家属、派出所。"),
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    referred_at = forms.DateTimeField(label=_("转介时间"), required=False, widget=_datetime_local())
    referral_reason = forms.CharField(
        label=_("转介原因"),
        required=False,
        max_length=MAX_REASON_LENGTH,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 3}),
    )

    def referral(self) -> dict[str, Any] | None:
        """The referral part, if the counsellor filled in any of it."""
        data = self.cleaned_data
        if not (data.get("referred_to") or data.get("referred_at") or data.get("referral_reason")):
            return None
        return {
            "referred_to": data.get("referred_to", ""),
            "referred_at": data.get("referred_at"),
            "reason": data.get("referral_reason", ""),
        }

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "notes": data.get("notes", ""),
            "topics": list(data.get("topics", [])),
            "risk_level": data.get("risk_level", RiskLevel.NONE),
            "referral": self.referral(),
        }


class ReferralForm(_ServiceErrors, forms.Form):
    field_names = {"reason": "reason"}

    referred_to = forms.CharField(
        label=_("转介对象"),
        max_length=200,
        help_text=_("机构或人员，如：区精神卫生中心、家属、派出所。"),
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    referred_at = forms.DateTimeField(label=_("转介时间"), widget=_datetime_local())
    reason = forms.CharField(
        label=_("转介原因"),
        max_length=MAX_REASON_LENGTH,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 4}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("referred_at", timezone.localtime().replace(second=0, microsecond=0))

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {"referred_to": data["referred_to"], "referred_at": data["referred_at"], "reason": data["reason"]}


class ReadReasonForm(forms.Form):
    """A supervisor states why they read this one record; the reason goes to the audit log."""

    reason = forms.CharField(
        label=_("查阅理由"),
        min_length=record_access.MIN_REASON_LENGTH,
        max_length=500,
        # Interpolated when shown (a lazy string's % is eager: it froze the text
        # in the default language at import, so English pages showed Chinese).
        help_text=lazy(
            lambda: (
                _(
                    "至少%(n)d字。理由与查阅时间一并记入审计日志，该记录的咨询师可以看到。"
                    "请勿在理由中写来访者的姓名或谈话内容。"
                )
                % {"n": record_access.MIN_REASON_LENGTH}
            ),
            str,
        )(),
        error_messages={"min_length": _("理由至少%(limit_value)d字（目前%(show_value)d字）。")},
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 3}),
    )


class StatsForm(forms.Form):
    year = forms.TypedChoiceField(label=_("年份"), coerce=int, required=False)

    def __init__(self, *args: Any, first_year: int = 2020, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        years = list(range(this_year, min(first_year, this_year) - 1, -1))
        self.fields["year"].choices = [(str(y), str(y)) for y in years]  # type: ignore[attr-defined]
        self.fields["year"].widget.attrs["class"] = "form-select"

    def chosen_year(self) -> int:
        if self.is_valid() and self.cleaned_data.get("year"):
            return int(self.cleaned_data["year"])
        return default_stats_year()


def default_stats_year() -> int:
    """The year of the last completed month (January shows last year)."""
    today = timezone.localdate()
    return (today.replace(day=1) - dt.timedelta(days=1)).year
