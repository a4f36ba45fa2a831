"""Django admin for users, their role assignments and API tokens."""

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from jiedao.accounts import services
from jiedao.accounts.models import ApiToken, RoleAssignment, User
from jiedao.accounts.staff.roles import end_date_problem, scope_problems
from jiedao.core import audit
from jiedao.core.admin import AuditedAdmin, ReadOnlyAdmin, ServiceValidatedForm
from jiedao.core.models import AuditEntry


class RoleAssignmentForm(ServiceValidatedForm):
    """A role's scope must match the role and lie in the user's own sub-district; a new
    or changed end date may not lie in the past (the staff pages' rules, ``staff.roles``)."""

    def __init__(self, *args: Any, subdistrict_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.subdistrict_id = subdistrict_id

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        role = data.get("role")
        if not role or data.get("DELETE"):
            return data
        if self.subdistrict_id is None:
            raise ValidationError(gettext("请先为用户选择所属街道，再分配角色。"))
        area, unit = data.get("residential_area"), data.get("unit")
        for field, message in scope_problems(role, area, unit).items():
            self.add_error(field, message)
        if "ends_on" in self.changed_data and (problem := end_date_problem(data.get("ends_on"))):
            self.add_error("ends_on", problem)
        for field, obj in (("residential_area", area), ("unit", unit)):
            if obj is not None and obj.subdistrict_id != self.subdistrict_id:
                self.add_error(field, gettext("不属于该用户所在的街道。"))
        return data


class RoleAssignmentFormSet(forms.BaseInlineFormSet):  # type: ignore[type-arg]
    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        # The user's sub-district as just entered on the same page.
        return {**super().get_form_kwargs(index), "subdistrict_id": self.instance.subdistrict_id}


class RoleAssignmentInline(admin.TabularInline):  # type: ignore[type-arg]
    model = RoleAssignment
    fk_name = "user"
    form = RoleAssignmentForm
    formset = RoleAssignmentFormSet
    fields = ("role", "residential_area", "unit", "ends_on", "created_at")
    readonly_fields = ("created_at",)
    autocomplete_fields = ("residential_area", "unit")
    extra = 0


@admin.register(User)
class UserAdmin(AuditedAdmin, BaseUserAdmin):  # type: ignore[type-arg]
    """A new password, a deactivation or a removed role here ends the user's sessions
    and API tokens by itself (``User.save``, ``accounts.signals``)."""

    inlines = (RoleAssignmentInline,)
    actions = ("sign_out_everywhere",)
    list_display = ("username", "display_name", "subdistrict", "is_active", "is_superuser", "last_login")
    list_filter = ("subdistrict", "is_active", "is_superuser")
    list_select_related = ("subdistrict",)
    search_fields = ("username", "display_name", "email")
    fieldsets = (
        *BaseUserAdmin.fieldsets,  # type: ignore[misc]
        (_("街道"), {"fields": ("subdistrict", "display_name")}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        (_("街道"), {"fields": ("subdistrict", "display_name")}),
    )

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        # An assignment belongs to the user's sub-district (the tenant column).
        for inline_form in formset.forms:
            inline_form.instance.subdistrict_id = form.instance.subdistrict_id
        super().save_formset(request, form, formset, change)
        if formset.has_changed():  # who may do what is the first thing an auditor asks
            roles = [
                str(a)
                for a in RoleAssignment.objects.filter(user=form.instance).select_related(
                    "residential_area", "unit", "subdistrict", "user"
                )
            ]
            audit.record(
                actor=request.user,
                action=AuditEntry.Action.UPDATE,
                obj=form.instance,
                request=request,
                detail={"via": "admin", "roles": roles},
            )

    @admin.action(description=_("结束所选用户的全部登录和API令牌"))
    def sign_out_everywhere(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset:
            services.sign_out_everywhere(actor=request.user, user=user, request=request)
        n = len(queryset)
        self.message_user(
            request,
            ngettext("已结束%(n)d个用户的全部登录和API令牌。", "已结束%(n)d个用户的全部登录和API令牌。", n) % {"n": n},
        )


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    """Read-only: tokens are issued at login and revoked by their holder, or all of a
    user's at once when their password, account or roles change (docs/security.md).
    The digest never leaves the database."""

    list_display = ("prefix", "user", "created_at", "expires_at", "revoked_at", "last_used_at")
    list_filter = ("revoked_at",)
    list_select_related = ("user",)
    search_fields = ("prefix", "user__username")
    fields = ("prefix", "user", "created_at", "expires_at", "revoked_at", "last_used_at")
    readonly_fields = fields
