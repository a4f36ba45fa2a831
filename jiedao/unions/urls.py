from django.urls import URLPattern, URLResolver, path

from jiedao.unions.views import mine, network

app_name = "unions"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", network.index, name="index"),
    path("new/", network.create, name="create"),
    path("<id:pk>/", network.detail, name="detail"),
    path("<id:pk>/edit/", network.edit, name="edit"),
    path("<id:pk>/cover/", network.cover, name="cover"),
    path("covers/<id:pk>/end/", network.uncover, name="uncover"),
    path("coverage/", network.coverage, name="coverage"),
    path("to-organise/", network.to_organise, name="to_organise"),
    path("applications/", network.applications, name="applications"),
    path("memberships/<id:pk>/decide/", network.decide, name="decide"),
    path("memberships/<id:pk>/leave/", network.leave, name="leave"),
    path("memberships/<id:pk>/reinstate/", network.reinstate, name="reinstate"),
    path("memberships/<id:pk>/transfer/", network.transfer, name="transfer"),
    path("join/", mine.join, name="join"),
]
