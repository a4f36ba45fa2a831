from django.urls import path

from jiedao.residents.views import binding, claims, home, own_id_number, phone, sign_in, step_up

app_name = "residents"

urlpatterns = [
    path("login/", sign_in.sign_in, name="sign_in"),
    path("login/code/", sign_in.sign_in_code, name="sign_in_code"),
    path("me/", home.home, name="home"),
    # Binding to the registry, step-up, phone change (docs/residents.md).
    path("me/bind/", binding.bind, name="bind"),
    path("me/claim/", binding.claim, name="claim"),
    path("me/confirm/", step_up.step_up, name="step_up"),
    path("me/phone/", phone.change_phone, name="phone"),
    path("me/id-number/", own_id_number.own_id_number, name="own_id_number"),
    path("registry-claims/", claims.claim_list, name="claims"),
    path("registry-claims/<id:pk>/", claims.claim_detail, name="claim_detail"),
    path("registry-claims/<id:pk>/confirm/", claims.claim_confirm, name="claim_confirm"),
    path("registry-claims/<id:pk>/reject/", claims.claim_reject, name="claim_reject"),
    path("registry-claims/people/<id:pk>/phone/", phone.staff_change_phone, name="staff_phone"),
]
