"""Forms of the booking pages (collect and type the input; the services validate)."""

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jiedao.core.forms import BootstrapForm
from jiedao.core.models import CalendarDay
from jiedao.counselling.models import AvailabilityException, AvailabilityRule, Counsellor, Room, Studio
from jiedao.people.models import Person


class BootstrapModelForm(forms.ModelForm):  # type: ignore[type-arg]
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.CheckboxSelectMultiple):
                css = ""
            else:
                css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


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
    consent = forms.BooleanField(label=_("已向来访者完整宣读告知内容并取得其同意"), required=False)


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
