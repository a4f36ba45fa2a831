from django import forms
from django.utils.translation import gettext_lazy

from jiedao.accounts.second_factor.devices import MAX_CODE_LENGTH
from jiedao.accounts.second_factor.services import MAX_REASON_LENGTH
from jiedao.core.forms import BootstrapForm


class CodeForm(BootstrapForm):
    """A current code: six digits from the app, or one of the recovery codes."""

    otp = forms.CharField(
        label=gettext_lazy("验证码"),
        max_length=MAX_CODE_LENGTH,
        help_text=gettext_lazy("手机上身份验证器App显示的6位数字；手机不在身边时，可以输入一个恢复码。"),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )


class FirstCodeForm(BootstrapForm):
    """The first code the app shows after scanning: it confirms the set-up."""

    otp = forms.CharField(
        label=gettext_lazy("App中显示的6位数字"),
        max_length=MAX_CODE_LENGTH,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class ResetForm(BootstrapForm):
    reason = forms.CharField(
        label=gettext_lazy("原因"),
        max_length=MAX_REASON_LENGTH,
        help_text=gettext_lazy("例如：手机丢失。原因写入审计日志。"),
    )
