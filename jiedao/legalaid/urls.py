"""The 职工法律援助 pages (``/legal-aid/``)."""

from django.urls import URLPattern, URLResolver, path

from jiedao.legalaid.views import cases, documents, history, stats

app_name = "legalaid"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", cases.case_list, name="index"),
    path("open/", cases.case_open, name="open"),
    path("cases/<id:pk>/", cases.case_detail, name="detail"),
    path("cases/<id:pk>/steps/", cases.step_add, name="step_add"),
    path("cases/<id:pk>/interruptions/", cases.interruption_add, name="interruption_add"),
    path("cases/<id:pk>/steps/<id:step>/correct/", history.step_correct, name="step_correct"),
    path("cases/<id:pk>/steps/<id:step>/withdraw/", history.step_withdraw, name="step_withdraw"),
    path("cases/<id:pk>/suspend/", history.case_suspend, name="suspend"),
    path("cases/<id:pk>/resume/", history.case_resume, name="resume"),
    path("cases/<id:pk>/assign/", cases.handler_assign, name="assign"),
    path("cases/<id:pk>/documents/", documents.document_add, name="document_add"),
    path("documents/<id:pk>/", documents.document, name="document"),
    path("documents/<id:pk>/delete/", documents.document_delete, name="document_delete"),
    path("documents/<id:pk>/title/", documents.document_retitle, name="document_retitle"),
    path("stats/", stats.stats_page, name="stats"),
    path("reads/", stats.case_reads, name="reads"),
]
