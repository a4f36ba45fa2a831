from django.urls import include, path

from jiedao.site import views

audit_patterns = ([path("", views.audit_list, name="list")], "audit")

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("audit/", include(audit_patterns)),
]
