from django.urls import path

from jiedao.activities import views

app_name = "activities"

urlpatterns = [
    path("", views.activity_list, name="list"),
    path("new/", views.activity_create, name="create"),
    path("mine/", views.mine, name="mine"),
    path("<int:pk>/", views.activity_detail, name="detail"),
    path("<int:pk>/edit/", views.activity_edit, name="edit"),
    path("<int:pk>/sessions/new/", views.session_create, name="session_create"),
    path("<int:pk>/invite/", views.invite, name="invite"),
    path("registrations/<int:pk>/status/", views.registration_status, name="registration_status"),
    path("sessions/<int:pk>/edit/", views.session_edit, name="session_edit"),
    path("sessions/<int:pk>/screen/", views.screen, name="screen"),
    path("sessions/<int:pk>/screen/qr/", views.screen_qr, name="screen_qr"),
    path("sessions/<int:pk>/screen/counts/", views.screen_counts, name="screen_counts"),
    path("sessions/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("sessions/<int:pk>/attendance/sign-in/", views.manual_sign_in, name="manual_sign_in"),
    path("sessions/<int:pk>/attendance/sign-out/", views.manual_sign_out, name="manual_sign_out"),
    path("sessions/<int:pk>/attendance/walk-in/", views.walk_in, name="walk_in"),
    path("sessions/<int:pk>/attendance.xlsx", views.attendance_export, name="export"),
    # The page the QR code opens (the token in ``?t=``) and its result.
    path("sessions/<int:pk>/sign-in/", views.scan, name="scan"),
    path("sessions/<int:pk>/sign-in/done/", views.scan_done, name="scan_done"),
]
