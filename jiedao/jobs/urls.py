from django.urls import path

from jiedao.jobs import views

app_name = "jobs"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("<uuid:pk>/", views.detail, name="detail"),
    path("<uuid:pk>/result/", views.result, name="result"),
]
