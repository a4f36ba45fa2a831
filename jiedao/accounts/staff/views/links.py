"""The public pages of the one-time links: asking for a password reset, and setting a
password from an invitation or a reset link (Django's ``PasswordResetConfirmView``:
the token leaves the address bar for the session before the form is shown)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiedao.accounts.models import User
from jiedao.accounts.policy import public
from jiedao.accounts.staff import links, reset
from jiedao.accounts.staff.access import linked_account
from jiedao.accounts.staff.forms import PasswordResetForm, SetPasswordPageForm
from jiedao.core import audit
from jiedao.core.models import AuditEntry
from jiedao.core.pages import form_status, run_service
from jiedao.core.services import change_detail, withheld_changes


class SetPasswordView(auth_views.PasswordResetConfirmView):
    """A new password from a link; then to the login page. A spent, expired or voided
    link says so ("链接已失效")."""

    form_class = SetPasswordPageForm
    template_name = "accounts/staff/set_password.html"
    success_url = reverse_lazy("accounts:login")
    heading: str | Promise = ""
    via = ""  # the audit entry's "via"

    def get_user(self, uidb64: str) -> User | None:
        return linked_account(uidb64)

    def form_valid(self, form: Any) -> HttpResponse:
        with transaction.atomic():
            response = super().form_valid(form)  # User.save ends every session and API token
            detail = change_detail(withheld_changes(["password"]), via=self.via)
            audit.record(
                actor=self.user, action=AuditEntry.Action.UPDATE, obj=self.user, request=self.request, detail=detail
            )
        messages.success(self.request, _("密码已设置，请用新密码登录。"))
        return response

    def form_invalid(self, form: Any) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=form), status=form_status(form))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(heading=self.heading, account=self.user if self.validlink else None)
        return context


class InvitationView(SetPasswordView):
    token_generator: PasswordResetTokenGenerator = links.invitation_tokens
    heading = gettext_lazy("设置密码")
    via = "invitation"


class ResetConfirmView(SetPasswordView):
    token_generator: PasswordResetTokenGenerator = links.reset_tokens
    heading = gettext_lazy("重置密码")
    via = "password_reset"


invitation = public(InvitationView.as_view())
password_reset_confirm = public(ResetConfirmView.as_view())


@public
def password_reset(request: HttpRequest) -> HttpResponse:
    """Ask for a reset link. The answer reads the same whether or not an account matches."""
    form = PasswordResetForm(request.POST or None)
    if request.method == "POST":
        run_service(form, reset.password_reset_request, request=request)
        if not form.errors:
            message = _(
                "如果该账号存在并可以找回密码，重置链接已发送到它登记的邮箱或手机，%(hours)d小时内有效。"
                "没有收到的，请联系街道管理员。"
            )
            messages.success(request, message % {"hours": links.hours_valid()})
            return redirect("accounts:password_reset")
    return render(request, "accounts/staff/password_reset.html", {"form": form}, status=form_status(form))
