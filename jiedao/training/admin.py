"""Raw upkeep for superusers. The subsidy table is changed on its own page
(``training:rules``), which keeps every version (``services.rules``)."""

from django.contrib import admin

from jiedao.training.models import Course, Provider, SubsidyRule


@admin.register(SubsidyRule)
class SubsidyRuleAdmin(admin.ModelAdmin[SubsidyRule]):
    list_display = ("subdistrict", "grade", "valid_from", "amount", "unemployed_share", "employed_share")
    list_filter = ("subdistrict",)


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin[Provider]):
    list_display = ("unit", "licence_number", "contact_name")


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin[Course]):
    list_display = ("name", "grade", "prescribed_hours", "completion_share", "eligibility")
