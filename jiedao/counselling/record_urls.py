"""Pages of the confidential side (records, referrals, statistics)."""

from django.urls import path

from jiedao.counselling import record_views

urlpatterns = [
    path("records/", record_views.record_list, name="record_list"),
    path("records/reads/", record_views.record_reads, name="record_reads"),
    path("records/appointments/<int:pk>/", record_views.record_page, name="record"),
    path("records/appointments/<int:pk>/referral/", record_views.referral_page, name="record_referral"),
    path("stats/", record_views.stats_page, name="stats"),
]
