"""Forms of the 畅心屋 pages: they collect and type the input; the services
validate it (what a valid record or referral is lives in
``services.record_values`` / ``services.referral_values``)."""

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from jiedao.core.forms import BootstrapForm, BootstrapModelForm
from jiedao.core.models import CalendarDay
from jiedao.counselling.access import MIN_REASON_LENGTH
from jiedao.counselling.models import (
    AvailabilityException,
    AvailabilityRule,
    Counsellor,
    RiskLevel,
    Room,
    Studio,
    Topic,
)
from jiedao.counselling.selectors import default_stats_year
from jiedao.counselling.services import MAX_NOTES_LENGTH, MAX_REASON_LENGTH
from jiedao.people.models import Person

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class StudioForm(BootstrapModelForm):
    class Meta:
        model = Studio
        fields = [
            "name",
            "address",
            "phone",
            "description",
            "max_active_per_week",
            "min_notice_hours",
            "horizon_days",
            "cancel_cutoff_hours",
            "waitlist_offer_hours",
            "open_on_makeup_workdays",
            "is_active",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class RoomForm(BootstrapModelForm):
    class Meta:
        model = Room
        fields = ["name"]


class CounsellorForm(BootstrapModelForm):
    class Meta:
        model = Counsellor
        fields = ["person", "qualification", "certificate_number", "introduction", "studios", "is_active"]
        widgets = {"introduction": forms.Textarea(attrs={"rows": 3}), "studios": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, subdistrict_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(subdistrict_id=subdistrict_id, user__isnull=False)  # type: ignore[attr-defined]
        self.fields["studios"].queryset = Studio.objects.filter(subdistrict_id=subdistrict_id)  # type: ignore[attr-defined]
        self.fields["person"].help_text = _("咨询师需有登录账号。")


class RuleForm(BootstrapModelForm):
    class Meta:
        model = AvailabilityRule
        fields = [
            "counsellor",
            "room",
            "weekday",
            "start_time",
            "end_time",
            "session_minutes",
            "buffer_minutes",
            "valid_from",
            "valid_to",
        ]
        widgets = {"start_time": TIME, "end_time": TIME, "valid_from": DATE, "valid_to": DATE}

    def __init__(self, *args: Any, studio: Studio, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["counsellor"].queryset = studio.counsellors.select_related("person")  # type: ignore[attr-defined]
        self.fields["room"].queryset = studio.rooms.all()  # type: ignore[attr-defined]
        self.fields["valid_from"].initial = timezone.localdate()


class ExceptionForm(BootstrapModelForm):
    class Meta:
        model = AvailabilityException
        fields = [
            "counsellor",
            "kind",
            "date",
            "start_time",
            "end_time",
            "room",
            "session_minutes",
            "buffer_minutes",
            "note",
        ]
        widgets = {"start_time": TIME, "end_time": TIME, "date": DATE}
        help_texts = {"start_time": _("请假不填时间表示全天。")}

    def __init__(self, *args: Any, studio: Studio, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["counsellor"].queryset = studio.counsellors.select_related("person")  # type: ignore[attr-defined]
        self.fields["room"].queryset = studio.rooms.all()  # type: ignore[attr-defined]


class CalendarDayForm(BootstrapModelForm):
    class Meta:
        model = CalendarDay
        fields = ["date", "kind", "name"]
        widgets = {"date": DATE}

    def validate_unique(self) -> None:  # a date already there is replaced by the service
        pass


class BookForm(BootstrapForm):
    """The confirm step: anonymity and (before the first booking) consent."""

    anonymous = forms.BooleanField(
        label=_("匿名预约"),
        required=False,
        help_text=_("除咨询师外，工作人员只看到化名；您的工作单位在任何情况下都不会显示。"),
    )
    pseudonym = forms.CharField(label=_("化名（可不填，系统自动生成）"), max_length=32, required=False)
    consent = forms.BooleanField(label=_("我已阅读并同意以上告知内容"), required=False)

    def __init__(self, *args: Any, needs_consent: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["anonymous"].widget.attrs.update(
            {"class": "form-check-input", "aria-describedby": f"{self['anonymous'].auto_id}_helptext"}
        )
        self.fields["consent"].widget.attrs["class"] = "form-check-input"
        if needs_consent:
            self.fields["consent"].required = True
            self.fields["consent"].error_messages["required"] = _("请勾选同意后再预约。")
        else:
            del self.fields["consent"]


class BehalfForm(BookForm):
    """Booking on someone's behalf: the slot is one of the page's radio buttons."""

    consent = forms.BooleanField(label=_("已向来访者完整宣读告知内容并取得其同意"), required=False)
    slot = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("slot") is None:
            raise ValidationError(_("请选择时段。"))
        data["slot_id"] = data.pop("slot")  # as ``services.book`` takes it
        return data


class CancelForm(BootstrapForm):
    reason = forms.CharField(label=_("取消原因"), max_length=200, required=False)


class WaitlistForm(BootstrapForm):
    date_from = forms.DateField(label=_("最早日期"), widget=DATE)
    date_to = forms.DateField(label=_("最晚日期"), widget=DATE)
    consent = forms.BooleanField(label=_("我已阅读并同意以上告知内容"), required=False)

    def __init__(self, *args: Any, needs_consent: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if needs_consent:
            self.fields["consent"].required = True
            self.fields["consent"].error_messages["required"] = _("请勾选同意后再加入候补。")
            self.fields["consent"].widget.attrs["class"] = "form-check-input"
        else:
            del self.fields["consent"]


class DayForm(forms.Form):
    date = forms.DateField(required=False)

    def day(self) -> dt.date:
        if self.is_valid() and self.cleaned_data.get("date"):
            value: dt.date = self.cleaned_data["date"]
            return value
        return timezone.localdate()


class PersonSearchForm(BootstrapForm):
    q = forms.CharField(label=_("来访者姓名"), max_length=64, required=False)


# ---------------------------------------------------------------- session records

NO_DIAGNOSIS_HELP = _(
    "记录谈话要点、主题和风险评估即可。咨询师不作诊断（《精神卫生法》第二十三条），"
    "请勿填写诊断或病名；如需诊断，请转介至医疗机构。"
)
RISK_HELP = _(
    "“高”表示存在危及自身或他人安全的风险：须同时登记转介（转介对象、时间和原因），这是保密原则的例外，会被记录。"
)


def _datetime_local() -> forms.DateTimeInput:
    return forms.DateTimeInput(attrs={"type": "datetime-local", "class": "form-control"}, format="%Y-%m-%dT%H:%M")


class RecordForm(forms.Form):
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

    def clean(self) -> dict[str, Any]:
        """The input as ``services.record_save`` takes it (the referral as one part)."""
        super().clean()
        data = self.cleaned_data
        return {
            "notes": data.get("notes", ""),
            "topics": list(data.get("topics", [])),
            "risk_level": data.get("risk_level", RiskLevel.NONE),
            "referral": self.referral(),
        }


class ReferralForm(forms.Form):
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


class ReadReasonForm(forms.Form):
    """A supervisor states why they read this one record; the reason goes to the audit log."""

    reason = forms.CharField(
        label=_("查阅理由"),
        min_length=MIN_REASON_LENGTH,
        max_length=500,
        # Interpolated when shown (a lazy string's % is eager: it froze the text
        # in the default language at import, so English pages showed Chinese).
        help_text=lazy(
            lambda: (
                _(
                    "至少%(n)d字。理由与查阅时间一并记入审计日志，该记录的咨询师可以看到。"
                    "请勿在理由中写来访者的姓名或谈话内容。"
                )
                % {"n": MIN_REASON_LENGTH}
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
