from django.urls import path

from jiedao.counselling import booking_views

urlpatterns = [path("", booking_views.index, name="index")]
