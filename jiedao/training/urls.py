from django.urls import URLPattern, URLResolver, path

from jiedao.training.views import desk, edit, resident, subsidies, trainee

app_name = "training"
urlpatterns: list[URLPattern | URLResolver] = [
    # The desk: the labour office and the training schools.
    path("", desk.index, name="index"),
    path("courses/", desk.courses, name="courses"),
    path("courses/new/", desk.course_create, name="course_create"),
    path("courses/<id:pk>/edit/", edit.course_edit, name="course_edit"),
    path("courses/<id:pk>/delete/", edit.course_delete, name="course_delete"),
    path("providers/", desk.providers, name="providers"),
    path("providers/new/", desk.provider_create, name="provider_create"),
    path("providers/<id:pk>/edit/", edit.provider_edit, name="provider_edit"),
    path("providers/<id:pk>/delete/", edit.provider_delete, name="provider_delete"),
    path("classes/new/", desk.class_create, name="class_create"),
    path("classes/<id:pk>/", desk.class_detail, name="class_detail"),
    path("classes/<id:pk>/edit/", edit.class_edit, name="class_edit"),
    path("classes/<id:pk>/delete/", edit.class_delete, name="class_delete"),
    path("classes/<id:pk>/sessions/new/", desk.session_create, name="session_create"),
    path("classes/<id:pk>/refer/", desk.refer, name="refer"),
    path("classes/<id:pk>/close/", desk.close, name="close"),
    path("classes/<id:pk>/roster.xlsx", desk.roster_xlsx, name="roster_xlsx"),
    path("classes/<id:pk>/certificates.zip", trainee.certificates_zip, name="certificates_zip"),
    path("sessions/<id:pk>/edit/", edit.session_edit, name="session_edit"),
    path("sessions/<id:pk>/delete/", edit.session_delete, name="session_delete"),
    path("sessions/<id:pk>/qr/", desk.session_qr, name="session_qr"),
    path("sessions/<id:pk>/sheet.pdf", desk.session_sheet, name="session_sheet"),
    path("enrolments/<id:pk>/", trainee.enrolment_detail, name="enrolment"),
    path("enrolments/<id:pk>/correct/", trainee.correct, name="correct"),
    path("enrolments/<id:pk>/works/", trainee.work_record, name="work_record"),
    path("enrolments/<id:pk>/withdraw/", trainee.withdraw, name="withdraw"),
    path("enrolments/<id:pk>/accept/", trainee.offer_accept, name="offer_accept_desk"),
    path("enrolments/<id:pk>/external/", trainee.external_create, name="external_create"),
    path("enrolments/<id:pk>/certificate/", trainee.certificate_issue, name="certificate_issue"),
    path("works/<id:pk>/photo/", trainee.work_photo, name="work_photo"),
    path("works/<id:pk>/thumb/", trainee.work_thumb, name="work_thumb"),
    path("certificates/<id:pk>.pdf", trainee.certificate_pdf, name="certificate_pdf"),
    path("certificates/<id:pk>/revoke/", trainee.certificate_revoke, name="certificate_revoke"),
    # Subsidies: the labour office.
    path("subsidies/", subsidies.ledger, name="ledger"),
    path("subsidies/ledger.xlsx", subsidies.ledger_xlsx, name="ledger_xlsx"),
    path("subsidies/rules/", subsidies.rules, name="rules"),
    path("subsidies/rules/<id:pk>/delete/", subsidies.rule_delete, name="rule_delete"),
    path("external/<id:pk>/claim/", subsidies.claim_create, name="claim_create"),
    path("claims/<id:pk>/decide/", subsidies.claim_decide, name="claim_decide"),
    # The resident's own.
    path("mine/", resident.mine, name="mine"),
    path("mine/classes/<id:pk>/apply/", resident.apply, name="apply"),
    path("mine/enrolments/<id:pk>/accept/", resident.offer_accept, name="offer_accept"),
    path("mine/enrolments/<id:pk>/leave/", resident.leave, name="leave"),
    path("mine/certificates/<id:pk>.pdf", resident.my_certificate, name="my_certificate"),
    # Public: the page a certificate's QR code opens.
    path("verify/<str:number>/", resident.verify, name="verify"),
]
