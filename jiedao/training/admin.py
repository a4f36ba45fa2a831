"""Raw upkeep for superusers; the subsidy table is edited here (its defaults are
Shanghai's, ``services.setup.SHANGHAI_SUBSIDY``)."""

from django.contrib import admin

from jiedao.training.models import Course, Provider, SubsidyRule


@admin.register(SubsidyRule)
class SubsidyRuleAdmin(admin.ModelAdmin[SubsidyRule]):
    list_display = ("subdistrict", "grade", "amount", "unemployed_share", "employed_share")
    list_filter = ("subdistrict",)


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin[Provider]):
    list_display = ("unit", "licence_number", "contact_name")


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin[Course]):
    list_display = ("name", "grade", "prescribed_hours", "completion_share", "eligibility")
