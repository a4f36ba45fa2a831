from django.urls import path

from jiedao.core.audit_views import audit_list

app_name = "audit"

urlpatterns = [path("", audit_list, name="list")]
