from django.urls import URLPattern, URLResolver, path

from jiedao.dues.views import arrears, corrections, ledger, setup, shortlist, statements, statistics

app_name = "dues"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", ledger.index, name="index"),
    path("assessments/new/", ledger.assessment_create, name="assessment_create"),
    path("assessments/<id:pk>/", ledger.assessment, name="assessment"),
    path("assessments/<id:pk>/edit/", ledger.assessment_edit, name="assessment_edit"),
    path("assessments/<id:pk>/payments/", ledger.payment_add, name="payment_add"),
    path("assessments/<id:pk>/steps/", ledger.step_add, name="step_add"),
    path("assessments/<id:pk>/void/", corrections.assessment_void, name="assessment_void"),
    path("assessments/<id:pk>/payments/<id:payment>/void/", corrections.payment_void, name="payment_void"),
    path("assessments/<id:pk>/text/", corrections.text_reminder, name="text_reminder"),
    path("statements/", statements.statement_import, name="statement_import"),
    path("statements/template.xlsx", statements.statement_template, name="statement_template"),
    path("arrears/", arrears.arrears, name="arrears"),
    path("shortlist/", shortlist.shortlist, name="shortlist"),
    path("shortlist/commend/", shortlist.commend, name="commend"),
    path("settings/", setup.settings_page, name="settings"),
    path("settings/year/", setup.year_set, name="year_set"),
    path("settings/split/", setup.split_set, name="split_set"),
    path("settings/schedule/", setup.schedule, name="schedule"),
    path("statistics.xlsx", statistics.statistics_download, name="statistics"),
]
