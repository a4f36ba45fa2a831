from django.urls import path

from jiedao.meetings.views import actions, agenda, body, meetings, regulations

app_name = "meetings"

urlpatterns = [
    path("", meetings.index, name="index"),
    path("new/", meetings.create, name="create"),
    path("<int:pk>/", meetings.detail, name="detail"),
    path("<int:pk>/edit/", meetings.edit, name="edit"),
    path("<int:pk>/invite/", meetings.invite, name="invite"),
    path("<int:pk>/agenda/", agenda.agenda_add, name="agenda_add"),
    path("<int:pk>/photos/", meetings.photo_add, name="photo_add"),
    path("photos/<int:pk>/delete/", meetings.photo_delete, name="photo_delete"),
    path("<int:pk>/minutes/", meetings.minutes, name="minutes"),
    path("<int:pk>/minutes.pdf", meetings.minutes_pdf_view, name="minutes_pdf"),
    path("agenda/<int:pk>/", agenda.agenda_edit, name="agenda_edit"),
    path("agenda/<int:pk>/move/", agenda.agenda_move, name="agenda_move"),
    path("agenda/<int:pk>/delete/", agenda.agenda_delete, name="agenda_delete"),
    path("agenda/<int:pk>/commendations/", agenda.commendation_add, name="commendation_add"),
    path("agenda/<int:pk>/requirements/", agenda.requirement_add, name="requirement_add"),
    path("commendations/<int:pk>/delete/", agenda.commendation_delete, name="commendation_delete"),
    path("requirements/<int:pk>/action/", agenda.requirement_action, name="requirement_action"),
    path("bodies/", body.body_list, name="body_list"),
    path("bodies/<int:pk>/", body.body, name="body"),
    path("bodies/<int:pk>/edit/", body.body_edit, name="body_edit"),
    path("bodies/<int:pk>/regulations/", regulations.regulation_create, name="regulation_create"),
    path("members/<int:pk>/leave/", body.member_leave, name="member_leave"),
    path("regulations/", regulations.regulation_list, name="regulation_list"),
    path("regulations/<int:pk>/", regulations.regulation, name="regulation"),
    path("versions/<int:pk>/transition/", regulations.version_transition, name="version_transition"),
    path("actions/", actions.action_list, name="action_list"),
    path("actions/<int:pk>/", actions.action, name="action"),
    path("actions/<int:pk>/edit/", actions.action_edit, name="action_edit"),
    path("actions/<int:pk>/notes/", actions.action_note, name="action_note"),
    path("actions/<int:pk>/status/", actions.action_status, name="action_status"),
]
