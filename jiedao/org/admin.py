"""Django admin for superusers' raw upkeep of the org tree. The forms validate
with the same ``*_values`` functions as the pages and the API, and every save
goes to the audit log."""

from typing import Any

from django.contrib import admin
from django.core.exceptions import ValidationError

from jiedao.core.admin import AuditedAdmin, ServiceValidatedForm
from jiedao.org.models import Grid, ResidentialArea, Subdistrict, Unit
from jiedao.org.services import area_values, grid_values, subdistrict_values, unit_values


class ValuesForm(ServiceValidatedForm):
    """Runs the service's validation once the fields themselves are valid and
    keeps its normalised values (trimmed names, upper-case credit codes)."""

    def service_values(self, data: dict[str, Any]) -> dict[str, Any]:
        raise NotImplementedError

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors:
            try:
                data.update(self.service_values(data))
            except ValidationError as exc:
                self.add_error(None, exc)
        return data


def _tenant(data: dict[str, Any]) -> int:
    return int(data["subdistrict"].pk)


class SubdistrictForm(ValuesForm):
    def service_values(self, data: dict[str, Any]) -> dict[str, Any]:
        fields = ("name", "code", "district_name", "district_code")
        return subdistrict_values(pk=self.instance.pk, **{f: data[f] for f in fields})


class AreaForm(ValuesForm):
    def service_values(self, data: dict[str, Any]) -> dict[str, Any]:
        return area_values(
            subdistrict_id=_tenant(data), name=data["name"], address=data["address"], pk=self.instance.pk
        )


class GridForm(ValuesForm):
    def service_values(self, data: dict[str, Any]) -> dict[str, Any]:
        return grid_values(
            subdistrict_id=_tenant(data),
            residential_area=data["residential_area"],
            name=data["name"],
            pk=self.instance.pk,
        )


class UnitForm(ValuesForm):
    def service_values(self, data: dict[str, Any]) -> dict[str, Any]:
        fields = ("name", "kind", "credit_code", "address", "grid", "headcount")
        return unit_values(subdistrict_id=_tenant(data), pk=self.instance.pk, **{f: data[f] for f in fields})


@admin.register(Subdistrict)
class SubdistrictAdmin(AuditedAdmin):
    form = SubdistrictForm
    list_display = ("name", "code", "district_name", "district_code")
    search_fields = ("name", "code")


@admin.register(ResidentialArea)
class ResidentialAreaAdmin(AuditedAdmin):
    form = AreaForm
    list_display = ("name", "subdistrict", "address", "is_demo")
    list_filter = ("subdistrict", "is_demo")
    list_select_related = ("subdistrict",)
    search_fields = ("name", "address")


@admin.register(Grid)
class GridAdmin(AuditedAdmin):
    form = GridForm
    list_display = ("name", "residential_area", "subdistrict")
    list_filter = ("subdistrict",)
    list_select_related = ("subdistrict", "residential_area")
    search_fields = ("name", "residential_area__name")
    autocomplete_fields = ("residential_area",)


@admin.register(Unit)
class UnitAdmin(AuditedAdmin):
    form = UnitForm
    list_display = ("name", "kind", "credit_code", "subdistrict", "grid", "headcount", "is_demo")
    list_filter = ("kind", "subdistrict", "is_demo")
    list_select_related = ("subdistrict", "grid__residential_area")
    search_fields = ("name", "credit_code")
    autocomplete_fields = ("grid",)
