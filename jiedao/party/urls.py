from django.urls import path

from jiedao.party.views import branches, lectures, mine, office, records, studio

app_name = "party"

urlpatterns = [
    path("", office.index, name="index"),
    path("branches/new/", records.branch_create, name="branch_create"),
    path("branches/<id:pk>/", branches.branch_detail, name="branch"),
    path("branches/<id:pk>/edit/", branches.branch_edit, name="branch_edit"),
    path("branches/<id:pk>/committee/", branches.committee_add, name="committee_add"),
    path("branches/<id:pk>/committee/<id:row>/remove/", branches.committee_remove, name="committee_remove"),
    path("branches/<id:pk>/secretary/", records.branch_secretary, name="branch_secretary"),
    path("members/", office.members, name="members"),
    path("members/new/", records.member_enrol, name="member_enrol"),
    path("members/<id:pk>/edit/", records.member_edit, name="member_edit"),
    path("members/<id:pk>/transfer-out/", records.member_transfer_out, name="member_transfer_out"),
    path("members/<id:pk>/", office.member_detail, name="member"),
    path("members/<id:pk>/external/", office.external_create, name="external_create"),
    path("members/<id:pk>/target/", office.target_set, name="target"),
    path("members/<id:pk>/remind/", studio.remind, name="remind"),
    path("ledger/", office.ledger, name="ledger"),
    path("rules/", records.rules, name="rules"),
    path("ledger/export/", office.ledger_export, name="ledger_export"),
    path("lectures/", office.lectures, name="lectures"),
    path("lectures/new/", office.lecture_create, name="lecture_create"),
    path("lectures/<id:pk>/", lectures.lecture_detail, name="lecture"),
    path("lectures/<id:pk>/invite/", lectures.lecture_invite, name="lecture_invite"),
    path("onboarding/", studio.onboarding, name="onboarding"),
    path("me/", mine.me, name="me"),
    path("me/study/", mine.study_submit, name="study_submit"),
    path("reviews/", mine.reviews, name="reviews"),
    path("reviews/<id:pk>/", mine.review, name="review"),
    path("entries/<id:pk>/evidence/", mine.evidence, name="evidence"),
]
