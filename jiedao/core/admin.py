"""Django admin: the audit log (read-only for everyone, superusers included)
and the mixin that writes admin changes of other models to it."""

from typing import Any

from django import forms
from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from jiedao.core import audit
from jiedao.core.forms import refuse_control_characters
from jiedao.core.models import AuditEntry


class AuditedAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Writes admin saves and deletions to the audit log like any other change. Its
    text fields refuse control characters as every page's form does (``BootstrapForm``):
    most admin models are saved without a service to clean their text."""

    def formfield_for_dbfield(self, db_field: models.Field[Any, Any], request: HttpRequest, **kwargs: Any) -> Any:
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None:
            refuse_control_characters(field)
        return field

    def save_model(self, request: HttpRequest, obj: Any, form: forms.ModelForm, change: bool) -> None:  # type: ignore[type-arg]
        super().save_model(request, obj, form, change)
        action = AuditEntry.Action.UPDATE if change else AuditEntry.Action.CREATE
        detail = {"via": "admin", "fields": sorted(form.changed_data)}
        audit.record(actor=request.user, action=action, obj=obj, request=request, detail=detail)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        audit.record(
            actor=request.user, action=AuditEntry.Action.DELETE, obj=obj, request=request, detail={"via": "admin"}
        )
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: models.QuerySet[Any]) -> None:
        for obj in queryset:
            audit.record(
                actor=request.user, action=AuditEntry.Action.DELETE, obj=obj, request=request, detail={"via": "admin"}
            )
        super().delete_queryset(request, queryset)


class ServiceValidatedForm(forms.ModelForm):  # type: ignore[type-arg]
    """An admin form whose rules come from a service's validation (with
    Chinese messages per field). Once it has found a problem, the model's own
    checks are skipped: their generic constraint messages would only repeat it."""

    def _post_clean(self) -> None:
        if not self.errors:
            super()._post_clean()  # type: ignore[misc]


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Rows that are only ever written by the application (audit entries, tokens)."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    """Append-only: nobody adds, changes or deletes an entry, not even here."""

    list_display = ("created_at", "actor_name", "action", "object_type", "object_repr", "subdistrict_id")
    list_filter = ("action", "object_type")
    search_fields = ("actor_name", "object_repr", "object_id")
    date_hierarchy = "created_at"
    fields = (
        "created_at",
        "subdistrict_id",
        "actor_name",
        "action",
        "object_type",
        "object_id",
        "object_repr",
        "detail",
        "client_address",
    )
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> models.QuerySet[AuditEntry]:
        # Confidential entries (who uses counselling) are not shown here either.
        return super().get_queryset(request).exclude(object_type__in=audit.confidential_types())
