from django.urls import path

from jiedao.accounts import views as accounts_views

app_name = "residents"

urlpatterns = [
    path("login/", accounts_views.login, name="sign_in"),  # until the SMS sign-in page lands
]
