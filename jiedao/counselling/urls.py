"""The 畅心屋 pages: booking (residents, counsellors), set-up (offices), and the
confidential side (records, referrals, statistics)."""

from django.urls import path

from jiedao.counselling.views import booking, records, setup

app_name = "counselling"

urlpatterns = [
    path("", booking.index, name="index"),
    path("slots/<id:pk>/", booking.slot_confirm, name="slot_confirm"),
    path("mine/", booking.mine, name="mine"),
    path("appointments/<id:pk>/done/", booking.appointment_done, name="appointment_done"),
    path("appointments/<id:pk>/cancel/", booking.appointment_cancel, name="appointment_cancel"),
    path("appointments/<id:pk>.ics", booking.appointment_ics_file, name="appointment_ics"),
    path("appointments/<id:pk>/mark/", booking.appointment_mark, name="appointment_mark"),
    path("studios/<id:pk>/waitlist/", booking.waitlist_join, name="waitlist_join"),
    path("waitlist/<id:pk>/accept/", booking.offer_accept, name="offer_accept"),
    path("waitlist/<id:pk>/leave/", booking.waitlist_leave, name="waitlist_leave"),
    path("consent/withdraw/", booking.consent_withdraw, name="consent_withdraw"),
    path("caseload/", booking.caseload, name="caseload"),
    path("studios/", setup.studios, name="studios"),
    path("studios/new/", setup.studio_create, name="studio_create"),
    path("studios/<id:pk>/", setup.schedule, name="schedule"),
    path("studios/<id:pk>/edit/", setup.studio_edit, name="studio_edit"),
    path("studios/<id:pk>/rooms/new/", setup.room_create, name="room_create"),
    path("studios/<id:pk>/rules/new/", setup.rule_create, name="rule_create"),
    path("studios/<id:pk>/exceptions/new/", setup.exception_create, name="exception_create"),
    path("studios/<id:pk>/book/", setup.book_for, name="book_for"),
    path("rules/<id:pk>/delete/", setup.rule_delete, name="rule_delete"),
    path("exceptions/<id:pk>/delete/", setup.exception_delete, name="exception_delete"),
    path("counsellors/", setup.counsellors, name="counsellors"),
    path("counsellors/new/", setup.counsellor_create, name="counsellor_create"),
    path("counsellors/<id:pk>/edit/", setup.counsellor_edit, name="counsellor_edit"),
    path("calendar/", setup.calendar, name="calendar"),
    path("calendar/<id:pk>/delete/", setup.calendar_delete, name="calendar_delete"),
    path("records/", records.record_list, name="record_list"),
    path("records/reads/", records.record_reads, name="record_reads"),
    path("records/appointments/<id:pk>/", records.record_page, name="record"),
    path("records/appointments/<id:pk>/referral/", records.referral_page, name="record_referral"),
    path("stats/", records.stats_page, name="stats"),
]
