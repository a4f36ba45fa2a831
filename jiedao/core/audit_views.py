"""The audit-log page: office staff read their own sub-district's log.

Read only: the page answers GET alone, and nothing here edits or deletes an entry.
"""

import datetime as dt
from typing import Any, cast

from django import forms
from django.apps import apps
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from jiedao.accounts.actor import OFFICE_ROLES, Actor
from jiedao.accounts.policy import request_actor, staff
from jiedao.core import audit
from jiedao.core.models import AuditEntry
from jiedao.core.paging import page_of


def object_type_label(object_type: str) -> str:
    """The model's verbose name for a label such as ``people.person``, else the raw value."""
    try:
        return str(apps.get_model(object_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return object_type


class AuditFilterForm(forms.Form):
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
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = css

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            raise forms.ValidationError(_("结束日期不能早于开始日期。"))
        return data


def _start_of(day: dt.date) -> dt.datetime:
    # Dates are the office's calendar days (TIME_ZONE, Asia/Shanghai), not UTC days,
    # in the same zone the times are shown in.
    return dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_current_timezone())


def _own_entries(actor: Actor) -> QuerySet[AuditEntry]:
    """The sub-district's entries, without the confidential object types an app
    registered (``audit.register_confidential``): nobody reads those here."""
    if actor.subdistrict_id is None:  # no sub-district, no log to read
        return AuditEntry.objects.none()
    entries = AuditEntry.objects.filter(subdistrict_id=actor.subdistrict_id)
    hidden = audit.confidential_types()
    return entries.exclude(object_type__in=hidden) if hidden else entries


def audit_entries_for(actor: Actor, filters: dict[str, Any]) -> QuerySet[AuditEntry]:
    """The actor's sub-district's entries, newest first, narrowed by ``filters``
    (the cleaned data of ``AuditFilterForm``)."""
    entries = _own_entries(actor)
    if filters.get("action"):
        entries = entries.filter(action=filters["action"])
    if filters.get("object_type"):
        entries = entries.filter(object_type=filters["object_type"])
    if filters.get("actor_name"):
        entries = entries.filter(actor_name__icontains=filters["actor_name"].strip())
    if filters.get("object_id"):
        entries = entries.filter(object_id=filters["object_id"].strip())
    if filters.get("date_from"):
        entries = entries.filter(created_at__gte=_start_of(filters["date_from"]))
    if filters.get("date_to"):
        entries = entries.filter(created_at__lt=_start_of(filters["date_to"] + dt.timedelta(days=1)))
    return entries.order_by("-created_at", "-id")


def object_types_for(actor: Actor) -> list[str]:
    return list(_own_entries(actor).order_by("object_type").values_list("object_type", flat=True).distinct())


def aware_stamp(moment: dt.datetime) -> str:
    """``2026-11-30 10:15:03 +08:00``: local time with its offset, never a bare clock."""
    local = timezone.localtime(moment)
    offset = local.strftime("%z")  # "+0800"
    return f"{local:%Y-%m-%d %H:%M:%S} {offset[:3]}:{offset[3:]}"


@require_safe
@staff(*OFFICE_ROLES)
def audit_list(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    form = AuditFilterForm(request.GET or None, object_types=object_types_for(actor))
    valid = not form.is_bound or form.is_valid()
    filters = form.cleaned_data if form.is_bound and valid else {}
    entries = audit_entries_for(actor, filters) if valid else AuditEntry.objects.none()
    page = page_of(request, entries)
    rows = [(entry, aware_stamp(entry.created_at), object_type_label(entry.object_type)) for entry in page]
    return render(request, "core/audit_list.html", {"form": form, "page": page, "rows": rows, "valid": valid})
