"""Forms collect and type the input; the services validate it."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jiedao.accounts.actor import OFFICE_ROLES, Actor
from jiedao.accounts.models import Role
from jiedao.activities.access import PARTY_KINDS
from jiedao.activities.models import Activity, AttendeeCategory, Registration
from jiedao.core.forms import BootstrapForm
from jiedao.org.models import ResidentialArea, Unit
from jiedao.people.access import PARTY_ROLES


def organiser_units(actor: Actor) -> Any:
    """The units an actor may name as organiser: any unit of the sub-district
    for the offices, for a chair their own units (an area chair names an office
    and aims the activity at their area)."""
    qs = Unit.objects.filter(subdistrict_id=actor.subdistrict_id or 0)
    if actor.has_role(*OFFICE_ROLES):
        return qs
    units = actor.unit_ids(Role.ENTERPRISE_UNION_CHAIR)
    if actor.area_ids(Role.AREA_UNION_CHAIR):
        return qs.filter(pk__in=units) | qs.filter(kind=Unit.Kind.OFFICE)
    return qs.filter(pk__in=units)


def target_areas(actor: Actor) -> Any:
    qs = ResidentialArea.objects.filter(subdistrict_id=actor.subdistrict_id or 0)
    if actor.has_role(*OFFICE_ROLES) or actor.unit_ids(Role.ENTERPRISE_UNION_CHAIR):
        return qs
    return qs.filter(pk__in=actor.area_ids(Role.AREA_UNION_CHAIR))


SIGN_OUT_CHOICES = [("", _("按活动类型（培训课、公益服务需要签退）")), ("yes", _("需要签退")), ("no", _("无需签退"))]


class ActivityForm(BootstrapForm):
    kind = forms.ChoiceField(label=_("类型"), choices=Activity.Kind.choices)
    title = forms.CharField(label=_("名称"), max_length=200)
    organiser = forms.ModelChoiceField(label=_("主办单位"), queryset=Unit.objects.none(), empty_label=_("请选择"))
    residential_area = forms.ModelChoiceField(
        label=_("面向居民区"),
        queryset=ResidentialArea.objects.none(),
        required=False,
        empty_label=_("全街道"),
    )
    description = forms.CharField(label=_("说明"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    sign_out = forms.ChoiceField(label=_("签退"), choices=SIGN_OUT_CHOICES, required=False)
    party_only = forms.BooleanField(
        label=_("仅党建部门可见"),
        required=False,
        help_text=_("参加者即党员时勾选（如主题党日的参观）：工会、劳动保障等部门看不到此活动。"),
    )

    def __init__(self, *args: Any, actor: Actor, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].disabled = editing  # fixed once created (see services.activity_update)
        if not actor.has_role(*PARTY_ROLES):
            del self.fields["party_only"]
        if not editing and not actor.has_role(*PARTY_ROLES):  # see access.PARTY_KINDS
            self.fields["kind"].choices = [c for c in Activity.Kind.choices if c[0] not in PARTY_KINDS]  # type: ignore[attr-defined]
        self.fields["organiser"].queryset = organiser_units(actor)  # type: ignore[attr-defined]
        self.fields["residential_area"].queryset = target_areas(actor)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        # The service's argument: True, False or None (by kind).
        data = super().clean() or {}
        data["sign_out_enabled"] = {"yes": True, "no": False}.get(data.pop("sign_out", ""))
        return data

    @classmethod
    def initial_for(cls, activity: Activity) -> dict[str, Any]:
        return {**cls.initial_from(activity), "sign_out": "yes" if activity.sign_out_enabled else "no"}


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class SessionForm(BootstrapForm):
    starts_at = forms.DateTimeField(label=_("开始时间"), widget=LocalDateTimeInput())
    ends_at = forms.DateTimeField(label=_("结束时间"), widget=LocalDateTimeInput())
    place = forms.CharField(label=_("地点"), max_length=200)
    capacity = forms.IntegerField(label=_("容量"), required=False, min_value=1, help_text=_("留空表示不限"))


class UnitInviteForm(BootstrapForm):
    unit = forms.ModelChoiceField(label=_("单位"), queryset=Unit.objects.none(), empty_label=_("请选择"))
    role = forms.ChoiceField(label=_("身份"), choices=Registration.Role.choices, initial=Registration.Role.ATTENDEE)
    category = forms.ChoiceField(
        label=_("类别"), choices=AttendeeCategory.choices, initial=AttendeeCategory.MEMBER_UNIT
    )

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = Unit.objects.filter(subdistrict_id=actor.subdistrict_id or 0)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class PersonInviteForm(BootstrapForm):
    """One person found by the search; ``category`` empty derives it."""

    person = forms.IntegerField(widget=forms.HiddenInput)
    role = forms.ChoiceField(label=_("身份"), choices=Registration.Role.choices, initial=Registration.Role.ATTENDEE)
    category = forms.ChoiceField(
        label=_("类别"), choices=[("", _("自动判断")), *AttendeeCategory.choices], required=False
    )
    note = forms.CharField(label=_("职务"), max_length=200, required=False)


class SearchForm(BootstrapForm):
    q = forms.CharField(label=_("姓名、拼音或身份证号"), max_length=64)
