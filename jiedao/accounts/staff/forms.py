"""Forms of the staff pages. They collect and type the input; the services check it."""

from typing import Any

from django import forms
from django.contrib.auth.forms import SetPasswordForm
from django.utils.translation import gettext_lazy as _

from jiedao.accounts.access import scoped
from jiedao.accounts.actor import Actor
from jiedao.accounts.staff.roles import STAFF_ROLE_CHOICES
from jiedao.accounts.staff.selectors import ACTIVE, INACTIVE, PENDING
from jiedao.core.forms import BootstrapForm
from jiedao.org.models import ResidentialArea, Unit

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ScopeField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A residential area or unit of the admin's sub-district, given to the service as its id."""

    def clean(self, value: Any) -> int | None:
        chosen = super().clean(value)
        return None if chosen is None else int(chosen.pk)


class RoleForm(BootstrapForm):
    """A staff role, its scope (only for the roles that take one) and its end date."""

    role = forms.ChoiceField(label=_("角色"), choices=[("", _("请选择")), *STAFF_ROLE_CHOICES])
    residential_area_id = ScopeField(
        label=_("居民区"),
        queryset=ResidentialArea.objects.none(),
        required=False,
        empty_label=_("（不指定）"),
        help_text=_("仅居民区工会主席需要指定。"),
    )
    unit_id = ScopeField(
        label=_("单位"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("（不指定）"),
        help_text=_("仅企业工会主席和培训机构需要指定。"),
    )
    ends_on = forms.DateField(
        label=_("任期至"),
        required=False,
        widget=DATE,
        help_text=_("担任该角色的最后一天，次日起不再有效；不填则一直有效，直到结束该角色。"),
    )

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["residential_area_id"].queryset = scoped(  # type: ignore[attr-defined]
            ResidentialArea.objects.order_by("name"), actor
        )
        self.fields["unit_id"].queryset = scoped(Unit.objects.order_by("name"), actor)  # type: ignore[attr-defined]


class StaffCreateForm(RoleForm):
    """A new staff account with its first role."""

    username = forms.CharField(
        label=_("用户名"),
        max_length=150,
        help_text=_("登录时使用，可用字母、数字、汉字和 @ . + - _。"),
        widget=forms.TextInput(attrs={"autocapitalize": "none", "autocomplete": "off"}),
    )
    display_name = forms.CharField(label=_("姓名"), max_length=64)
    email = forms.CharField(
        label=_("邮箱"), max_length=254, required=False, widget=forms.EmailInput(attrs={"autocomplete": "off"})
    )
    phone = forms.CharField(
        label=_("手机号"),
        max_length=32,
        required=False,
        help_text=_("邀请和找回密码的链接发送到邮箱和手机号，至少填写一项。"),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )

    field_order = ("username", "display_name", "email", "phone", "role", "residential_area_id", "unit_id", "ends_on")


class StaffFilterForm(BootstrapForm):
    q = forms.CharField(label=_("姓名或用户名"), required=False, max_length=64)
    state = forms.ChoiceField(
        label=_("状态"),
        required=False,
        choices=[("", _("全部状态")), (ACTIVE, _("启用")), (PENDING, _("待设置密码")), (INACTIVE, _("已停用"))],
    )
    role = forms.ChoiceField(label=_("角色"), required=False, choices=[("", _("全部角色")), *STAFF_ROLE_CHOICES])


class ActionForm(BootstrapForm):
    """A button posted from the account's page (end a role, deactivate…): the service's
    refusals become messages on the page it returns to."""


class PasswordResetForm(BootstrapForm):
    identifier = forms.CharField(
        label=_("用户名、邮箱或手机号"),
        max_length=254,
        widget=forms.TextInput(attrs={"autocapitalize": "none", "autocomplete": "username"}),
    )


class SetPasswordPageForm(BootstrapForm, SetPasswordForm):  # type: ignore[type-arg]
    """Django's ``SetPasswordForm`` (two entries, the password validators) on our page."""
