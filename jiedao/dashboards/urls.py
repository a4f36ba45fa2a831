from django.urls import URLPattern, path

from jiedao.dashboards import views

app_name = "dashboards"

urlpatterns: list[URLPattern] = [
    path("", views.index, name="index"),
]
