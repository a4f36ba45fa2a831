from django.urls import path

from jiedao.core.pending import pending

app_name = "org"

urlpatterns = [path("", pending, name="index")]
