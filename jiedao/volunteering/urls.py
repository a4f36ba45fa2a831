from django.urls import URLPattern, URLResolver, path

from jiedao.volunteering.views import certificates, desk, resident

app_name = "volunteering"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", resident.index, name="index"),
    path("shifts/<id:pk>/claim/", resident.shift_claim, name="shift_claim"),
    path("shifts/<id:pk>/wait/", resident.shift_wait, name="shift_wait"),
    path("mine/", resident.mine, name="mine"),
    path("claims/<id:pk>/cancel/", resident.claim_cancel, name="claim_cancel"),
    path("claims/<id:pk>/report/", resident.claim_report, name="claim_report"),
    path("certificates/issue/", certificates.certificate_issue, name="certificate_issue"),
    path("certificates/<id:pk>.pdf", certificates.certificate_pdf, name="certificate_pdf"),
    path("verify/<str:number>/", certificates.verify, name="verify"),
    path("certificates/", certificates.certificates, name="certificates"),
    path("certificates/new/<id:person_pk>/", certificates.certificate_new, name="certificate_new"),
    path("certificates/<id:pk>/revoke/", certificates.certificate_revoke, name="certificate_revoke"),
    path("tasks/", desk.tasks, name="tasks"),
    path("tasks/new/", desk.task_create, name="task_create"),
    path("tasks/<id:pk>/", desk.task, name="task"),
    path("tasks/<id:pk>/open/", desk.task_open, name="task_open"),
    path("tasks/<id:pk>/shifts/new/", desk.shift_add, name="shift_add"),
    path("shifts/<id:pk>/", desk.shift, name="shift"),
    path("shifts/<id:pk>/edit/", desk.shift_edit, name="shift_edit"),
    path("shifts/<id:pk>/hours/", desk.shift_hours, name="shift_hours"),
    path("records/", desk.records, name="records"),
    path("records/<id:pk>/review/", desk.record_review, name="record_review"),
    path("records/<id:pk>/correct/", desk.record_correct, name="record_correct"),
    path("needs/", desk.needs, name="needs"),
    path("needs/new/", desk.need_create, name="need_create"),
    path("needs/<id:pk>/decline/", desk.need_decline, name="need_decline"),
    path("settings/", desk.settings_page, name="settings"),
]
