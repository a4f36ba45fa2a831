"""Reads of the audit log: a sub-district's own entries, filtered."""

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from jiedao.accounts.actor import Actor
from jiedao.core import audit
from jiedao.core.models import AuditEntry


def _start_of(day: dt.date) -> dt.datetime:
    # Dates are the office's calendar days (TIME_ZONE, Asia/Shanghai), not UTC days,
    # in the same zone the times are shown in.
    return dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_current_timezone())


def _own_entries(actor: Actor) -> QuerySet[AuditEntry]:
    """The sub-district's entries, without the object types an app registered as
    confidential (nobody reads those here) or as restricted to other readers."""
    if actor.subdistrict_id is None:  # no sub-district, no log to read
        return AuditEntry.objects.none()
    entries = AuditEntry.objects.filter(subdistrict_id=actor.subdistrict_id)
    hidden = audit.hidden_types_for(actor)
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
