"""Django admin for people. ID numbers and phones are shown masked and never
edited here; the keyed hashes and search keys stay hidden. A change is
validated by ``person_values``, the one validation of a person's input."""

from typing import Any

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from jiedao.core.admin import AuditedAdmin, ServiceValidatedForm
from jiedao.people.models import ROLE_FIELDS, Person
from jiedao.people.services import person_values

# Fields ``person_values`` takes from the form (the rest comes from the stored record).
EDITABLE = ("name", "residential_area", "employer", *ROLE_FIELDS, "party_category", "party_branch")


class PersonAdminForm(ServiceValidatedForm):
    class Meta:
        model = Person
        fields = EDITABLE

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        person = self.instance
        try:
            self.values = person_values(
                subdistrict_id=person.subdistrict_id,
                name=data["name"],
                id_number=person.id_number,
                phone=person.phone,
                residential_area=data["residential_area"],
                employer=data["employer"],
                roles={field for field in ROLE_FIELDS if data[field]},
                party_category=data["party_category"],
                party_branch=data["party_branch"],
            )
        except ValidationError as exc:
            # Problems with the stored ID number or phone have no field here.
            errors = {f: msgs for f, msgs in exc.message_dict.items() if f in self.fields}
            rest = [m for f, msgs in exc.message_dict.items() if f not in self.fields for m in msgs]
            self.add_error(None, ValidationError({**errors, **({"__all__": rest} if rest else {})}))
        return data


@admin.register(Person)
class PersonAdmin(AuditedAdmin):
    form = PersonAdminForm
    list_display = ("name", "subdistrict", "residential_area", "employer", "masked_id_number", "masked_phone")
    list_filter = ("subdistrict", *ROLE_FIELDS, "party_category")
    list_select_related = ("subdistrict", "residential_area", "employer")
    search_fields = ("name", "search_text")
    autocomplete_fields = ("residential_area", "employer")
    readonly_fields = (
        "subdistrict",
        "masked_id_number",
        "masked_phone",
        "gender",
        "birth_date",
        "user",
        "created_at",
        "updated_at",
    )
    fieldsets = (
        (None, {"fields": ("subdistrict", "name", "masked_id_number", "gender", "birth_date", "masked_phone")}),
        (_("所属"), {"fields": ("residential_area", "employer", "user")}),
        (_("身份"), {"fields": (*ROLE_FIELDS, "party_category", "party_branch")}),
        (_("记录"), {"fields": ("created_at", "updated_at")}),
    )

    @admin.display(description=_("身份证号"))
    def masked_id_number(self, obj: Person) -> str:
        return obj.id_number_masked

    @admin.display(description=_("手机号"))
    def masked_phone(self, obj: Person) -> str:
        return obj.phone_masked or "—"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # people are registered through the registry pages or the roster import

    def save_model(self, request: HttpRequest, obj: Person, form: Any, change: bool) -> None:
        # Keep what person_values derived (trimmed name, search keys), nothing sensitive changes here.
        for field in (*EDITABLE, "search_text"):
            setattr(obj, field, form.values[field])
        super().save_model(request, obj, form, change)
