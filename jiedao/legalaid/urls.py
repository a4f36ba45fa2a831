"""The 职工法律援助 pages (``/legal-aid/``)."""

from django.urls import URLPattern, URLResolver, path

from jiedao.legalaid.views import cases, stats

app_name = "legalaid"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", cases.case_list, name="index"),
    path("open/", cases.case_open, name="open"),
    path("cases/<id:pk>/", cases.case_detail, name="detail"),
    path("cases/<id:pk>/steps/", cases.step_add, name="step_add"),
    path("cases/<id:pk>/interruptions/", cases.interruption_add, name="interruption_add"),
    path("cases/<id:pk>/assign/", cases.handler_assign, name="assign"),
    path("cases/<id:pk>/documents/", cases.document_add, name="document_add"),
    path("documents/<id:pk>/", cases.document, name="document"),
    path("stats/", stats.stats_page, name="stats"),
    path("reads/", stats.case_reads, name="reads"),
]
