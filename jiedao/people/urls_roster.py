from django.urls import path

from jiedao.people import roster_views

urlpatterns = [
    path("import/", roster_views.import_page, name="import"),
    path("import/template.xlsx", roster_views.import_template, name="import_template"),
    path("export.xlsx", roster_views.export, name="export"),
]
