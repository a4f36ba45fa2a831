"""Employment services: the register of job seekers with guidance and referrals, the
follow-up of trainees into work, the rates, and the resident's own page."""

from django.urls import URLPattern, URLResolver, path

from jiedao.employment.views import follow_ups, seekers

app_name = "employment"
urlpatterns: list[URLPattern | URLResolver] = [
    path("me/", seekers.mine, name="mine"),
    path("seekers/", seekers.seekers, name="seekers"),
    path("seekers/new/", seekers.seeker_create, name="seeker_create"),
    path("seekers/<id:pk>/", seekers.seeker, name="seeker"),
    path("seekers/<id:pk>/edit/", seekers.seeker_edit, name="seeker_edit"),
    path("seekers/<id:pk>/guidance/", seekers.guidance_create, name="guidance_create"),
    path("seekers/<id:pk>/referrals/", seekers.referral_create, name="referral_create"),
    path("referrals/<id:pk>/", seekers.referral_outcome, name="referral_outcome"),
    path("follow-ups/", follow_ups.follow_ups, name="follow_ups"),
    path("follow-ups/schedule/", follow_ups.follow_ups_schedule, name="follow_ups_schedule"),
    path("follow-ups/<id:pk>/", follow_ups.follow_up, name="follow_up"),
    path("rates/", follow_ups.rates, name="rates"),
]
