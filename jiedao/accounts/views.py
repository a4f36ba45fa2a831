from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiedao.accounts import selectors, services
from jiedao.accounts.forms import PasswordChangeForm
from jiedao.accounts.models import Role
from jiedao.accounts.policy import public, request_actor, signed_in, staff
from jiedao.accounts.second_factor import pending
from jiedao.accounts.second_factor.gate import needs_verification, redirect_to_verification
from jiedao.accounts.second_factor.services import asked_at_login
from jiedao.core.pages import form_page, form_status, run_service


class LoginView(auth_views.LoginView):
    """The password; then, for a user asked for a second factor, not signed in yet: the
    second step (``second_factor.views.login_step``) asks for the code."""

    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        # Signed in but owing the second factor (the staff pages' gate): to its step, not round again.
        if needs_verification(request, request_actor(request)):
            return redirect_to_verification(self.get_success_url())
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        user = form.get_user()
        if asked_at_login(user):
            pending.begin(self.request, user, next_url=self.get_success_url())
            return redirect("accounts:second_factor_login")
        response = super().form_valid(form)
        services.record_login(user=form.get_user(), request=self.request, via="page")
        return response

    def form_invalid(self, form: AuthenticationForm) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=form), status=form_status(form))


login = public(LoginView.as_view())
logout = public(require_POST(auth_views.LogoutView.as_view()))


@signed_in
def me(request: HttpRequest) -> HttpResponse:
    """A resident's own page: who they are to the sub-district. Their full ID number is
    a button away (``residents:own_id_number``: a fresh proof first, audited)."""
    actor = request_actor(request)
    context = {
        "person": getattr(actor.user, "person", None),
        "assignments": actor.assignments,
        "can_unlock": actor.has_role(Role.SUBDISTRICT_ADMIN),
    }
    return render(request, "accounts/me.html", context)


@signed_in
def password_change(request: HttpRequest) -> HttpResponse:
    """One's own new password: every other session and every API token ends, this
    session goes on."""
    user = request_actor(request).user
    assert user is not None  # signed_in guarantees it
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and run_service(form, services.password_change, user=user, request=request):
        update_session_auth_hash(request, user)  # this session goes on under the new stamp
        messages.success(request, _("密码已修改。其他设备上的登录和API令牌已失效。"))
        return redirect("accounts:me")
    return form_page(request, form, title=_("修改密码"), cancel_url=reverse("accounts:me"))


@staff(Role.SUBDISTRICT_ADMIN)
def locks(request: HttpRequest) -> HttpResponse:
    """The office's users locked out by failed logins, each with a button to unlock."""
    rows = selectors.locked_logins(request_actor(request))
    # A list built in Python (a lock is a sum over axes' records): paged all the same.
    page = Paginator(rows, settings.JIEDAO_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "accounts/locks.html", {"page": page, "failure_limit": settings.AXES_FAILURE_LIMIT})


@staff(Role.SUBDISTRICT_ADMIN)
@require_POST
def unlock(request: HttpRequest, pk: int) -> HttpResponse:
    user = services.login_unlock(actor=request_actor(request), user_id=pk, request=request)
    messages.success(request, _("已解除 %(name)s 的登录锁定。") % {"name": user})
    return redirect("accounts:locks")
