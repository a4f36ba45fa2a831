"""The audit log's filter form."""

from typing import Any, cast

from django import forms
from django.apps import apps
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiedao.core.forms import BootstrapForm
from jiedao.core.models import AuditEntry


def object_type_label(object_type: str) -> str:
    """The model's verbose name for a label such as ``people.person``, else the raw value."""
    try:
        return str(apps.get_model(object_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return object_type


class AuditFilterForm(BootstrapForm):
    action = forms.ChoiceField(
        label=gettext_lazy("操作"), required=False, choices=[("", gettext_lazy("全部")), *AuditEntry.Action.choices]
    )
    object_type = forms.ChoiceField(label=gettext_lazy("对象类型"), required=False)
    actor_name = forms.CharField(label=gettext_lazy("操作人"), required=False, max_length=150)
    object_id = forms.CharField(label=gettext_lazy("对象编号"), required=False, max_length=64)
    date_from = forms.DateField(
        label=gettext_lazy("开始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=gettext_lazy("结束日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, object_types: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("全部")), *((t, object_type_label(t)) for t in object_types)]
        cast(forms.ChoiceField, self.fields["object_type"]).choices = choices

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            raise forms.ValidationError(_("结束日期不能早于开始日期。"))
        return data
