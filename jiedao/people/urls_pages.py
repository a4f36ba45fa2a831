from django.urls import path

from jiedao.people import views

urlpatterns = [
    path("", views.person_list, name="list"),
    path("new/", views.person_create, name="create"),
    path("lookup/", views.person_lookup, name="lookup"),
    path("<int:pk>/", views.person_detail, name="detail"),
    path("<int:pk>/edit/", views.person_edit, name="edit"),
    path("<int:pk>/reveal/<str:field>/", views.person_reveal, name="reveal"),
    path("dashboard/", views.dashboard, name="dashboard"),
]
