from django.urls import path

from jiedao.accounts import views
from jiedao.accounts.second_factor import views as second_factor
from jiedao.accounts.staff import views as staff

app_name = "accounts"

urlpatterns = [
    path("login/", views.login, name="login"),
    path("logout/", views.logout, name="logout"),
    path("me/", views.me, name="me"),
    path("password/", views.password_change, name="password_change"),
    path("locks/", views.locks, name="locks"),
    path("locks/<id:pk>/unlock/", views.unlock, name="unlock"),
    # Staff accounts (accounts.staff): the sub-district admin's pages, and the public
    # pages of the one-time links that set a password.
    path("staff/", staff.staff_list, name="staff_list"),
    path("staff/new/", staff.staff_new, name="staff_new"),
    path("staff/<id:pk>/", staff.staff_detail, name="staff_detail"),
    path("staff/<id:pk>/deactivate/", staff.staff_deactivate, name="staff_deactivate"),
    path("staff/<id:pk>/reactivate/", staff.staff_reactivate, name="staff_reactivate"),
    path("staff/<id:pk>/invite/", staff.staff_invite, name="staff_invite"),
    path("staff/<id:pk>/sign-out/", staff.staff_sign_out, name="staff_sign_out"),
    path("staff/roles/<id:pk>/end/", staff.staff_role_end, name="staff_role_end"),
    path("invitation/<uidb64>/<token>/", staff.invitation, name="invitation"),
    path("password/reset/", staff.password_reset, name="password_reset"),
    path("password/reset/<uidb64>/<token>/", staff.password_reset_confirm, name="password_reset_confirm"),
    path("login/second-factor/", second_factor.login_step, name="second_factor_login"),
    path("second-factor/", second_factor.status, name="second_factor"),
    path("second-factor/enrol/", second_factor.enrol, name="second_factor_enrol"),
    path("second-factor/recovery-codes/", second_factor.recovery_codes, name="second_factor_recovery_codes"),
    path("second-factor/remove/", second_factor.remove, name="second_factor_remove"),
    path("staff/<id:pk>/second-factor/reset/", second_factor.reset, name="second_factor_reset"),
]
