"""Django admin for the residents' app: registry claims, read only. They are decided on
the staff's pages (``/registry-claims/``), where the decision creates the person and is
audited; the ID number is shown masked and the keyed hash not at all."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from jiedao.core.admin import ReadOnlyAdmin
from jiedao.core.validators import mask_id_number
from jiedao.residents.models import RegistryClaim


@admin.register(RegistryClaim)
class RegistryClaimAdmin(ReadOnlyAdmin):
    list_display = ("name", "subdistrict", "residential_area", "masked_id_number", "status", "created_at")
    list_filter = ("status", "subdistrict")
    list_select_related = ("subdistrict", "residential_area")
    search_fields = ("name",)
    date_hierarchy = "created_at"
    fields = (
        "subdistrict",
        "user",
        "name",
        "masked_id_number",
        "residential_area",
        "note",
        "status",
        "created_at",
        "decided_at",
        "decided_by",
        "reason",
        "person",
    )
    readonly_fields = fields

    @admin.display(description=_("身份证号"))
    def masked_id_number(self, obj: RegistryClaim) -> str:
        return mask_id_number(obj.id_number)
