"""Forms of the union pages."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jiedao.core.forms import BootstrapForm
from jiedao.org.models import Grid, ResidentialArea, Unit
from jiedao.unions.models import JointBasis, UnionKind, UnionOrganisation


class ApplyForm(BootstrapForm):
    union = forms.ModelChoiceField(
        label=_("申请加入的工会"), queryset=UnionOrganisation.objects.none(), required=False, empty_label=_("按推荐")
    )

    def __init__(self, *args: Any, unions: Any, suggested: UnionOrganisation | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["union"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = unions
        if suggested is not None:
            field.initial = suggested.pk

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        union = data.pop("union", None)
        data["union_id"] = union.pk if union is not None else None
        return data


class DecisionForm(BootstrapForm):
    approve = forms.TypedChoiceField(
        label=_("审核结果"),
        choices=[("1", _("通过")), ("0", _("不通过"))],
        coerce=lambda v: v == "1",
    )
    reason = forms.CharField(label=_("理由"), max_length=200, required=False)


class ReasonForm(BootstrapForm):
    reason = forms.CharField(label=_("退会原因"), max_length=200)


class TransferForm(BootstrapForm):
    union = forms.ModelChoiceField(label=_("转入工会"), queryset=UnionOrganisation.objects.none())
    note = forms.CharField(label=_("说明"), max_length=200, required=False)

    def __init__(self, *args: Any, unions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["union"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = unions

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        union = data.pop("union", None)
        if union is not None:
            data["union_id"] = union.pk
        return data


class YearForm(BootstrapForm):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100, required=False)


class UnionForm(BootstrapForm):
    name = forms.CharField(label=_("名称"), max_length=100)
    kind = forms.ChoiceField(label=_("类型"), choices=UnionKind.choices)
    basis = forms.ChoiceField(label=_("组建方式（联合工会）"), choices=[("", "—"), *JointBasis.choices], required=False)
    residential_area = forms.ModelChoiceField(
        label=_("居民区"), queryset=ResidentialArea.objects.none(), required=False
    )
    grid = forms.ModelChoiceField(label=_("网格"), queryset=Grid.objects.none(), required=False)
    unit = forms.ModelChoiceField(label=_("所在单位（企业工会）"), queryset=Unit.objects.none(), required=False)
    basis_detail = forms.CharField(label=_("楼宇或行业"), max_length=100, required=False)
    founded_on = forms.DateField(label=_("成立日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    registration_number = forms.CharField(label=_("法人资格证书编号"), max_length=64, required=False)
    chair = forms.CharField(label=_("主席"), max_length=64, required=False)
    vice_chairs = forms.CharField(label=_("副主席（以顿号或逗号分隔）"), max_length=300, required=False)
    committee = forms.CharField(label=_("委员（以顿号或逗号分隔）"), max_length=600, required=False)
    officers_from = forms.DateField(
        label=_("委员变更日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("不填为今天。新任委员自此日起任职；不再列出的委员任期到前一天为止，保留在历届名单中。"),
    )

    def __init__(self, *args: Any, subdistrict_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, qs in (
            ("residential_area", ResidentialArea.objects.filter(subdistrict_id=subdistrict_id).order_by("name")),
            ("grid", Grid.objects.filter(subdistrict_id=subdistrict_id).select_related("residential_area")),
            ("unit", Unit.objects.filter(subdistrict_id=subdistrict_id, kind=Unit.Kind.ENTERPRISE).order_by("name")),
        ):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = qs

    @staticmethod
    def _names(text: str) -> list[str]:
        for sep in "，,、;；":
            text = text.replace(sep, " ")
        return [n for n in text.split() if n]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["vice_chairs"] = self._names(data.get("vice_chairs") or "")
        data["committee"] = self._names(data.get("committee") or "")
        return data


class UnionEditForm(BootstrapForm):
    """Edit a union: the kind and an enterprise union's unit stay."""

    name = forms.CharField(label=_("名称"), max_length=100)
    parent = forms.ModelChoiceField(label=_("上级工会"), queryset=UnionOrganisation.objects.none(), required=False)
    basis = forms.ChoiceField(label=_("组建方式（联合工会）"), choices=[("", "—"), *JointBasis.choices], required=False)
    residential_area = forms.ModelChoiceField(
        label=_("居民区"), queryset=ResidentialArea.objects.none(), required=False
    )
    grid = forms.ModelChoiceField(label=_("网格"), queryset=Grid.objects.none(), required=False)
    basis_detail = forms.CharField(label=_("楼宇或行业"), max_length=100, required=False)
    founded_on = forms.DateField(label=_("成立日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    registration_number = forms.CharField(label=_("法人资格证书编号"), max_length=64, required=False)
    chair = forms.CharField(label=_("主席"), max_length=64, required=False)
    vice_chairs = forms.CharField(label=_("副主席（以顿号或逗号分隔）"), max_length=300, required=False)
    committee = forms.CharField(label=_("委员（以顿号或逗号分隔）"), max_length=600, required=False)
    officers_from = forms.DateField(
        label=_("委员变更日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("不填为今天。新任委员自此日起任职；不再列出的委员任期到前一天为止，保留在历届名单中。"),
    )

    def __init__(self, *args: Any, union: UnionOrganisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        sd = union.subdistrict_id
        parents = UnionOrganisation.objects.filter(subdistrict_id=sd).exclude(pk=union.pk)
        if union.kind == UnionKind.JOINT:
            parents = parents.filter(kind=UnionKind.FEDERATION)
        else:
            parents = parents.filter(kind__in=[UnionKind.FEDERATION, UnionKind.JOINT])
        for name, qs in (
            ("parent", parents.order_by("kind", "name")),
            ("residential_area", ResidentialArea.objects.filter(subdistrict_id=sd).order_by("name")),
            ("grid", Grid.objects.filter(subdistrict_id=sd).select_related("residential_area")),
        ):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = qs
        if union.kind == UnionKind.FEDERATION:
            for name in ("parent", "basis", "residential_area", "grid", "basis_detail"):
                del self.fields[name]
        elif union.kind == UnionKind.ENTERPRISE:
            for name in ("basis", "residential_area", "grid", "basis_detail"):
                del self.fields[name]

    @classmethod
    def initial_for(cls, union: UnionOrganisation) -> dict[str, Any]:
        initial = cls.initial_from(union)
        officers: dict[str, list[str]] = {post: [] for post in ("chair", "vice_chair", "committee")}
        for officer in union.officers.all():
            if officer.term_end is None:  # the terms still open: today's officers and those about to start
                officers[officer.post].append(officer.name)
        initial["chair"] = "、".join(officers["chair"])
        initial["vice_chairs"] = "、".join(officers["vice_chair"])
        initial["committee"] = "、".join(officers["committee"])
        return initial

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["vice_chairs"] = UnionForm._names(data.get("vice_chairs") or "")
        data["committee"] = UnionForm._names(data.get("committee") or "")
        return data


class CoverForm(BootstrapForm):
    unit = forms.ModelChoiceField(label=_("单位"), queryset=Unit.objects.none())
    since = forms.DateField(label=_("覆盖日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, subdistrict_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = (
            Unit.objects.filter(subdistrict_id=subdistrict_id, kind=Unit.Kind.ENTERPRISE, joint_cover__isnull=True)
            .exclude(unions__kind=UnionKind.ENTERPRISE)
            .order_by("name")
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        unit = data.pop("unit", None)
        if unit is not None:
            data["unit_id"] = unit.pk
        return data
