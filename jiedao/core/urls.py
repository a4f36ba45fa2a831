from django.urls import path

from jiedao.core.pending import pending

app_name = "audit"

urlpatterns = [path("", pending, name="list")]
