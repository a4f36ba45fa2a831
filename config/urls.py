from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from jiedao.accounts.policy import public
from jiedao.api.main import api

urlpatterns = [
    path("", include("jiedao.site.urls")),
    path("", include("jiedao.residents.urls")),
    path("i18n/setlang/", public(set_language), name="set_language"),
    path("accounts/", include("jiedao.accounts.urls")),
    path("jobs/", include("jiedao.jobs.urls")),
    path("org/", include("jiedao.org.urls")),
    path("people/", include("jiedao.people.urls")),
    path("activities/", include("jiedao.activities.urls")),
    path("meetings/", include("jiedao.meetings.urls")),
    path("counselling/", include("jiedao.counselling.urls")),
    path("unions/", include("jiedao.unions.urls")),
    path("dues/", include("jiedao.dues.urls")),
    path("legal-aid/", include("jiedao.legalaid.urls")),
    path("party/", include("jiedao.party.urls")),
    path("volunteering/", include("jiedao.volunteering.urls")),
    path("training/", include("jiedao.training.urls")),
    path("employment/", include("jiedao.employment.urls")),
    path("bulletin/", include("jiedao.bulletin.urls")),
    path("ledgers/", include("jiedao.ledgers.urls")),
    path("dashboard/", include("jiedao.dashboards.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
handler404 = "jiedao.core.views.not_found"
