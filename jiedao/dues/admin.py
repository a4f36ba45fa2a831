"""Django admin (superusers) for raw upkeep of the dues ledger: a mistaken assessment
or payment is corrected here (audited), until the pages offer it."""

from django.contrib import admin

from jiedao.core.admin import AuditedAdmin, ReadOnlyAdmin
from jiedao.dues.models import (
    ArrearsStep,
    DuesAssessment,
    DuesPayment,
    DuesSplit,
    DuesYear,
    ReminderSchedule,
    Statement,
)


@admin.register(DuesYear)
class DuesYearAdmin(AuditedAdmin):
    list_display = ("year", "rate", "due_on", "subdistrict")
    list_filter = ("subdistrict",)


@admin.register(DuesSplit)
class DuesSplitAdmin(AuditedAdmin):
    list_display = ("year", "channel", "enterprise_union", "subdistrict_federation", "district_union", "city_union")
    list_filter = ("subdistrict", "year")


@admin.register(DuesAssessment)
class DuesAssessmentAdmin(AuditedAdmin):
    list_display = ("unit", "year", "kind", "channel", "payroll_base", "assessed", "due_on")
    list_filter = ("subdistrict", "year", "kind", "channel")
    raw_id_fields = ("unit",)
    search_fields = ("unit__name", "unit__credit_code")


@admin.register(DuesPayment)
class DuesPaymentAdmin(AuditedAdmin):
    list_display = ("assessment", "paid_on", "amount", "channel", "reference")
    list_filter = ("subdistrict", "channel")
    raw_id_fields = ("assessment", "statement")
    search_fields = ("reference", "assessment__unit__name")


@admin.register(Statement)
class StatementAdmin(ReadOnlyAdmin):
    list_display = ("file_name", "channel", "rows", "created", "unchanged", "imported_at")


@admin.register(ArrearsStep)
class ArrearsStepAdmin(ReadOnlyAdmin):
    list_display = ("assessment", "step", "taken_on", "arrears", "emailed")


@admin.register(ReminderSchedule)
class ReminderScheduleAdmin(AuditedAdmin):
    list_display = ("subdistrict", "first_after_days", "every_days", "notice_after_days", "order_after_days")
