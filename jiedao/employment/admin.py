"""Django admin (superusers): read-only views of the employment records. They change
only through ``employment.services`` (per-field checks, audited), on the pages."""

from django.contrib import admin

from jiedao.core.admin import ReadOnlyAdmin
from jiedao.employment.models import FollowUp, GuidanceSession, JobReferral, JobSeeker


@admin.register(JobSeeker)
class JobSeekerAdmin(ReadOnlyAdmin):
    list_display = ("person", "registered_on", "is_registered_unemployed", "closed_on", "closed_reason", "subdistrict")
    list_filter = ("subdistrict", "is_registered_unemployed")
    raw_id_fields = ("person",)


@admin.register(GuidanceSession)
class GuidanceSessionAdmin(ReadOnlyAdmin):
    list_display = ("job_seeker", "held_on", "adviser", "topic")
    list_filter = ("subdistrict",)


@admin.register(JobReferral)
class JobReferralAdmin(ReadOnlyAdmin):
    list_display = ("job_seeker", "referred_on", "position", "outcome")
    list_filter = ("subdistrict", "outcome")


@admin.register(FollowUp)
class FollowUpAdmin(ReadOnlyAdmin):
    list_display = ("enrolment", "offset_days", "outcome", "followed_up_on")
    list_filter = ("subdistrict", "outcome", "offset_days")
    raw_id_fields = ("enrolment",)
