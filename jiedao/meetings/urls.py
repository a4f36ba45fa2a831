from django.urls import path

from jiedao.meetings import views

app_name = "meetings"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/invite/", views.invite, name="invite"),
    path("<int:pk>/agenda/", views.agenda_add, name="agenda_add"),
    path("<int:pk>/photos/", views.photo_add, name="photo_add"),
    path("photos/<int:pk>/delete/", views.photo_delete, name="photo_delete"),
    path("<int:pk>/minutes/", views.minutes, name="minutes"),
    path("<int:pk>/minutes.pdf", views.minutes_pdf_view, name="minutes_pdf"),
    path("agenda/<int:pk>/", views.agenda_edit, name="agenda_edit"),
    path("agenda/<int:pk>/move/", views.agenda_move, name="agenda_move"),
    path("agenda/<int:pk>/delete/", views.agenda_delete, name="agenda_delete"),
    path("agenda/<int:pk>/commendations/", views.commendation_add, name="commendation_add"),
    path("agenda/<int:pk>/requirements/", views.requirement_add, name="requirement_add"),
    path("commendations/<int:pk>/delete/", views.commendation_delete, name="commendation_delete"),
    path("requirements/<int:pk>/action/", views.requirement_action, name="requirement_action"),
    path("bodies/", views.body_list, name="body_list"),
    path("bodies/<int:pk>/", views.body, name="body"),
    path("bodies/<int:pk>/edit/", views.body_edit, name="body_edit"),
    path("bodies/<int:pk>/regulations/", views.regulation_create, name="regulation_create"),
    path("members/<int:pk>/leave/", views.member_leave, name="member_leave"),
    path("regulations/", views.regulation_list, name="regulation_list"),
    path("regulations/<int:pk>/", views.regulation, name="regulation"),
    path("versions/<int:pk>/transition/", views.version_transition, name="version_transition"),
    path("actions/", views.action_list, name="action_list"),
    path("actions/<int:pk>/", views.action, name="action"),
    path("actions/<int:pk>/edit/", views.action_edit, name="action_edit"),
    path("actions/<int:pk>/notes/", views.action_note, name="action_note"),
    path("actions/<int:pk>/status/", views.action_status, name="action_status"),
]
