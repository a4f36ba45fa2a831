from django.urls import path

from jiedao.activities import views

app_name = "activities"

urlpatterns = [
    path("", views.activity_list, name="list"),
    path("new/", views.activity_create, name="create"),
    path("mine/", views.mine, name="mine"),
    path("<id:pk>/", views.activity_detail, name="detail"),
    path("<id:pk>/edit/", views.activity_edit, name="edit"),
    path("<id:pk>/sessions/new/", views.session_create, name="session_create"),
    path("<id:pk>/invite/", views.invite, name="invite"),
    path("registrations/<id:pk>/status/", views.registration_status, name="registration_status"),
    path("sessions/<id:pk>/edit/", views.session_edit, name="session_edit"),
    path("sessions/<id:pk>/screen/", views.screen, name="screen"),
    path("sessions/<id:pk>/screen/qr/", views.screen_qr, name="screen_qr"),
    path("sessions/<id:pk>/screen/counts/", views.screen_counts, name="screen_counts"),
    path("sessions/<id:pk>/attendance/", views.attendance, name="attendance"),
    path("sessions/<id:pk>/attendance/sign-in/", views.manual_sign_in, name="manual_sign_in"),
    path("sessions/<id:pk>/attendance/sign-out/", views.manual_sign_out, name="manual_sign_out"),
    path("sessions/<id:pk>/attendance/walk-in/", views.walk_in, name="walk_in"),
    path("sessions/<id:pk>/attendance.xlsx", views.attendance_export, name="export"),
    # The page the QR code opens (the token in ``?t=``) and its result.
    path("sessions/<id:pk>/sign-in/", views.scan, name="scan"),
    path("sessions/<id:pk>/sign-in/done/", views.scan_done, name="scan_done"),
]
