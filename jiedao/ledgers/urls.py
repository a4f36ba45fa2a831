from django.urls import URLPattern, path

from jiedao.ledgers import views

app_name = "ledgers"

urlpatterns: list[URLPattern] = [
    path("", views.index, name="index"),
    path("export/", views.export, name="export"),
]
