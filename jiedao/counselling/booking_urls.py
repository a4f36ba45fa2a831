from django.urls import path

from jiedao.counselling import booking_views as v

urlpatterns = [
    path("", v.index, name="index"),
    path("slots/<int:pk>/", v.slot_confirm, name="slot_confirm"),
    path("mine/", v.mine, name="mine"),
    path("appointments/<int:pk>/done/", v.appointment_done, name="appointment_done"),
    path("appointments/<int:pk>/cancel/", v.appointment_cancel, name="appointment_cancel"),
    path("appointments/<int:pk>.ics", v.appointment_ics_file, name="appointment_ics"),
    path("appointments/<int:pk>/mark/", v.appointment_mark, name="appointment_mark"),
    path("studios/<int:pk>/waitlist/", v.waitlist_join, name="waitlist_join"),
    path("waitlist/<int:pk>/accept/", v.offer_accept, name="offer_accept"),
    path("waitlist/<int:pk>/leave/", v.waitlist_leave, name="waitlist_leave"),
    path("consent/withdraw/", v.consent_withdraw, name="consent_withdraw"),
    path("caseload/", v.caseload, name="caseload"),
    path("studios/", v.studios, name="studios"),
    path("studios/new/", v.studio_create, name="studio_create"),
    path("studios/<int:pk>/", v.schedule, name="schedule"),
    path("studios/<int:pk>/edit/", v.studio_edit, name="studio_edit"),
    path("studios/<int:pk>/rooms/new/", v.room_create, name="room_create"),
    path("studios/<int:pk>/rules/new/", v.rule_create, name="rule_create"),
    path("studios/<int:pk>/exceptions/new/", v.exception_create, name="exception_create"),
    path("studios/<int:pk>/book/", v.book_for, name="book_for"),
    path("rules/<int:pk>/delete/", v.rule_delete, name="rule_delete"),
    path("exceptions/<int:pk>/delete/", v.exception_delete, name="exception_delete"),
    path("counsellors/", v.counsellors, name="counsellors"),
    path("counsellors/new/", v.counsellor_create, name="counsellor_create"),
    path("counsellors/<int:pk>/edit/", v.counsellor_edit, name="counsellor_edit"),
    path("calendar/", v.calendar, name="calendar"),
    path("calendar/<int:pk>/delete/", v.calendar_delete, name="calendar_delete"),
]
