from django.urls import path

from jiedao.core.pending import pending

urlpatterns = [
    path("", pending, name="list"),
    path("dashboard/", pending, name="dashboard"),
]
