"""Django admin (superusers) for the 畅心屋 set-up. Appointments, waitlist entries and
consents are read-only here: they change only through the booking services, which keep
the rules. Their pages show no client (no person, no cancellation reason): who sought
help is not the admin's business, anonymous or not. Session records and referrals are not in the admin at all: only their
counsellor reads them, on the record pages."""

from django.contrib import admin

from jiedao.core.admin import AuditedAdmin, ReadOnlyAdmin
from jiedao.core.models import CalendarDay
from jiedao.counselling.models import (
    Appointment,
    AvailabilityException,
    AvailabilityRule,
    Consent,
    Counsellor,
    Room,
    Studio,
    WaitlistEntry,
)


@admin.register(Studio)
class StudioAdmin(AuditedAdmin):
    list_display = ("name", "address", "subdistrict", "is_active")
    list_filter = ("subdistrict", "is_active")


@admin.register(Room)
class RoomAdmin(AuditedAdmin):
    list_display = ("name", "studio")


@admin.register(Counsellor)
class CounsellorAdmin(AuditedAdmin):
    list_display = ("person", "qualification", "certificate_number", "is_active")
    raw_id_fields = ("person",)
    filter_horizontal = ("studios",)


@admin.register(AvailabilityRule)
class RuleAdmin(AuditedAdmin):
    list_display = ("counsellor", "weekday", "start_time", "end_time", "room", "valid_from", "valid_to")


@admin.register(AvailabilityException)
class ExceptionAdmin(AuditedAdmin):
    list_display = ("counsellor", "kind", "date", "start_time", "end_time")


@admin.register(CalendarDay)
class CalendarDayAdmin(AuditedAdmin):
    list_display = ("date", "kind", "name")
    list_filter = ("kind",)
    date_hierarchy = "date"


@admin.register(Appointment)
class AppointmentAdmin(ReadOnlyAdmin):
    # No client name column: the list is the schedule, not a register of who sought help.
    list_display = ("starts_at", "counsellor", "status", "is_anonymous")
    list_filter = ("status",)
    fields = ("slot", "counsellor", "starts_at", "ends_at", "status", "booked_at", "cancelled_at", "reminded_at")
    readonly_fields = fields


@admin.register(WaitlistEntry)
class WaitlistAdmin(ReadOnlyAdmin):
    list_display = ("studio", "date_from", "date_to", "status")
    fields = ("studio", "date_from", "date_to", "status", "offered_slot", "offer_expires_at")
    readonly_fields = fields


@admin.register(Consent)
class ConsentAdmin(ReadOnlyAdmin):
    list_display = ("version", "agreed_at", "withdrawn_at")
    fields = ("version", "text", "agreed_at", "withdrawn_at")
    readonly_fields = fields
