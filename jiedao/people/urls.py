from django.urls import path

from jiedao.people.views import registry, roster

app_name = "people"

urlpatterns = [
    path("", registry.person_list, name="list"),
    path("new/", registry.person_create, name="create"),
    path("lookup/", registry.person_lookup, name="lookup"),
    path("<id:pk>/", registry.person_detail, name="detail"),
    path("<id:pk>/edit/", registry.person_edit, name="edit"),
    path("<id:pk>/reveal/<str:field>/", registry.person_reveal, name="reveal"),
    path("dashboard/", registry.dashboard, name="dashboard"),
    path("import/", roster.import_page, name="import"),
    path("import/template.xlsx", roster.import_template, name="import_template"),
    path("export.xlsx", roster.export, name="export"),
]
