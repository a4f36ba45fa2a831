from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiedao.core.forms import BootstrapForm


class PasswordChangeForm(BootstrapForm):
    """The signed-in user's new password, typed twice (the service checks the rest)."""

    old_password = forms.CharField(
        label=gettext_lazy("原密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    new_password = forms.CharField(
        label=gettext_lazy("新密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=gettext_lazy(
            "至少8位，不能全是数字，不能与用户名相近或过于常见。修改后，您在其他设备上的登录和API令牌都会失效。"
        ),
    )
    new_password_again = forms.CharField(
        label=gettext_lazy("再次输入新密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        again = data.pop("new_password_again", None)  # only the form asks twice
        if "new_password" in data and again is not None and again != data["new_password"]:
            self.add_error("new_password_again", _("两次输入的新密码不一致。"))
        return data
