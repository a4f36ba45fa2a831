"""Forms collect and type the input; the services validate it. Errors the
services raise land next to the same fields (``jiedao.core.pages.run_service``)."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jiedao.accounts.actor import Actor
from jiedao.core.forms import BootstrapForm
from jiedao.org.access import areas_visible_to, grids_visible_to
from jiedao.org.models import Grid, ResidentialArea, Unit


class AreaForm(BootstrapForm):
    name = forms.CharField(label=_("名称"), max_length=64)
    address = forms.CharField(label=_("地址"), max_length=200, required=False)


class GridForm(BootstrapForm):
    residential_area = forms.ModelChoiceField(
        label=_("所属居民区"), queryset=ResidentialArea.objects.none(), empty_label=_("请选择")
    )
    name = forms.CharField(label=_("名称"), max_length=64, help_text=_("如：第一网格"))

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["residential_area"].queryset = areas_visible_to(actor)  # type: ignore[attr-defined]


class GridChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.residential_area.name} · {obj.name}"


class UnitForm(BootstrapForm):
    name = forms.CharField(label=_("名称"), max_length=100)
    kind = forms.ChoiceField(label=_("类型"), choices=[("", _("请选择")), *Unit.Kind.choices])
    credit_code = forms.CharField(
        label=_("统一社会信用代码"),
        max_length=40,
        required=False,
        help_text=_("18位，企业必填，其他单位有则填写"),
    )
    address = forms.CharField(label=_("地址"), max_length=200, required=False)
    grid = GridChoiceField(
        label=_("所在网格"), queryset=Grid.objects.none(), required=False, empty_label=_("（未划入网格）")
    )
    headcount = forms.IntegerField(label=_("职工人数"), initial=0)

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["grid"].queryset = grids_visible_to(actor)  # type: ignore[attr-defined]


class SubdistrictForm(BootstrapForm):
    name = forms.CharField(label=_("街道名称"), max_length=64)
    code = forms.CharField(label=_("街道区划代码"), max_length=20, help_text=_("GB/T 2260 九位代码，如 310109016"))
    district_name = forms.CharField(label=_("所属区"), max_length=64)
    district_code = forms.CharField(label=_("区代码"), max_length=20, help_text=_("六位代码，如 310109"))


class UnitFilterForm(BootstrapForm):
    q = forms.CharField(label=_("名称或信用代码"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("类型"), choices=[("", _("全部类型")), *Unit.Kind.choices], required=False)
    residential_area = forms.ModelChoiceField(
        label=_("居民区"), queryset=ResidentialArea.objects.none(), required=False, empty_label=_("全部居民区")
    )

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["residential_area"].queryset = areas_visible_to(actor)  # type: ignore[attr-defined]
