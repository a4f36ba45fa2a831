from django.urls import path

from jiedao.org import views

app_name = "org"

urlpatterns = [
    path("", views.index, name="index"),
    path("subdistrict/edit/", views.subdistrict_edit, name="subdistrict_edit"),
    path("areas/new/", views.area_create, name="area_create"),
    path("areas/<id:pk>/", views.area_detail, name="area_detail"),
    path("areas/<id:pk>/edit/", views.area_edit, name="area_edit"),
    path("grids/new/", views.grid_create, name="grid_create"),
    path("grids/<id:pk>/edit/", views.grid_edit, name="grid_edit"),
    path("units/", views.unit_list, name="unit_list"),
    path("units/new/", views.unit_create, name="unit_create"),
    path("units/<id:pk>/", views.unit_detail, name="unit_detail"),
    path("units/<id:pk>/edit/", views.unit_edit, name="unit_edit"),
]
