from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from jiedao.accounts.policy import public, request_actor, signed_in
from jiedao.accounts.services import record_login
from jiedao.core.pages import form_status


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        record_login(user=form.get_user(), request=self.request, via="page")
        return response

    def form_invalid(self, form: AuthenticationForm) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=form), status=form_status(form))


login = public(LoginView.as_view())
logout = public(require_POST(auth_views.LogoutView.as_view()))


@signed_in
def me(request: HttpRequest) -> HttpResponse:
    """A resident's own page: who they are to the sub-district."""
    actor = request_actor(request)
    person = getattr(actor.user, "person", None)
    return render(request, "accounts/me.html", {"person": person, "assignments": actor.assignments})
