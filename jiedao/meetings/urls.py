from django.urls import path

from jiedao.meetings.views import actions, agenda, body, meetings, regulations

app_name = "meetings"

urlpatterns = [
    path("", meetings.index, name="index"),
    path("new/", meetings.create, name="create"),
    path("<id:pk>/", meetings.detail, name="detail"),
    path("<id:pk>/edit/", meetings.edit, name="edit"),
    path("<id:pk>/invite/", meetings.invite, name="invite"),
    path("<id:pk>/agenda/", agenda.agenda_add, name="agenda_add"),
    path("<id:pk>/photos/", meetings.photo_add, name="photo_add"),
    path("photos/<id:pk>/", meetings.photo, name="photo"),
    path("photos/<id:pk>/delete/", meetings.photo_delete, name="photo_delete"),
    path("<id:pk>/minutes/", meetings.minutes, name="minutes"),
    path("<id:pk>/minutes.pdf", meetings.minutes_pdf_view, name="minutes_pdf"),
    path("agenda/<id:pk>/", agenda.agenda_edit, name="agenda_edit"),
    path("agenda/<id:pk>/move/", agenda.agenda_move, name="agenda_move"),
    path("agenda/<id:pk>/delete/", agenda.agenda_delete, name="agenda_delete"),
    path("agenda/<id:pk>/commendations/", agenda.commendation_add, name="commendation_add"),
    path("agenda/<id:pk>/requirements/", agenda.requirement_add, name="requirement_add"),
    path("commendations/<id:pk>/delete/", agenda.commendation_delete, name="commendation_delete"),
    path("requirements/<id:pk>/action/", agenda.requirement_action, name="requirement_action"),
    path("bodies/", body.body_list, name="body_list"),
    path("bodies/<id:pk>/", body.body, name="body"),
    path("bodies/<id:pk>/edit/", body.body_edit, name="body_edit"),
    path("bodies/<id:pk>/regulations/", regulations.regulation_create, name="regulation_create"),
    path("members/<id:pk>/leave/", body.member_leave, name="member_leave"),
    path("regulations/", regulations.regulation_list, name="regulation_list"),
    path("regulations/<id:pk>/", regulations.regulation, name="regulation"),
    path("versions/<id:pk>/transition/", regulations.version_transition, name="version_transition"),
    path("actions/", actions.action_list, name="action_list"),
    path("actions/<id:pk>/", actions.action, name="action"),
    path("actions/<id:pk>/edit/", actions.action_edit, name="action_edit"),
    path("actions/<id:pk>/notes/", actions.action_note, name="action_note"),
    path("actions/<id:pk>/status/", actions.action_status, name="action_status"),
]
