from django.urls import path

from jiedao.core.pending import pending

urlpatterns = [
    path("import/", pending, name="import"),
    path("export.xlsx", pending, name="export"),
]
