"""Small helpers every programme's services share: input cleaning that collects
errors per field, applying values to a model with a record of what changed, and the
one shape of an audit entry's detail for a change: ``{"changes": {field: [old, new]}}``.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from jiedao.core.validators import (
    FORBIDDEN_IN_LONG_TEXT,
    INVISIBLE_LEFTOVERS,
    control_characters_message,
    forbidden_characters,
)

Errors = defaultdict[str, list[str]]


def new_errors() -> Errors:
    return defaultdict(list)


def clean_text(errors: Errors, field: str, value: str | None, *, max_length: int, required: bool = False) -> str:
    """One line of text: trimmed, inner whitespace (tabs and line breaks too)
    collapsed, invisible copy-and-paste leftovers dropped; control characters
    refused (``validators.forbidden_characters``); presence and length checked."""
    text = " ".join(INVISIBLE_LEFTOVERS.sub("", value or "").split())
    if found := forbidden_characters(text):
        errors[field].append(control_characters_message(found))
    elif required and not text:
        errors[field].append(_("此项不能为空。"))
    elif len(text) > max_length:
        errors[field].append(_("最多%(n)d个字，当前%(len)d个字。") % {"n": max_length, "len": len(text)})
    return text


def clean_long_text(value: str | None) -> str:
    """Multi-line text: trimmed, line breaks kept (as ``\\n``), trailing spaces of
    each line dropped. Control characters other than the tab are dropped, not
    refused: this text has no field errors to report them in, and they carry
    nothing a reader could see."""
    lines = (
        FORBIDDEN_IN_LONG_TEXT.sub("", INVISIBLE_LEFTOVERS.sub("", line)).rstrip()
        for line in (value or "").splitlines()
    )
    return "\n".join(lines).strip()


def check_same_tenant(errors: Errors, field: str, obj: models.Model | None, subdistrict_id: int) -> None:
    """An object picked from another sub-district reads like one that does not exist."""
    if obj is not None and getattr(obj, "subdistrict_id", None) != subdistrict_id:
        errors[field].append(_("所选对象不存在或不属于本街道。"))


def raise_if(errors: Errors) -> None:
    if errors:
        raise ValidationError(dict(errors))


def others(qs: QuerySet[Any], pk: int | None) -> QuerySet[Any]:
    """``qs`` without the row being edited (none on create): for uniqueness checks."""
    return qs if pk is None else qs.exclude(pk=pk)


def json_value(value: Any) -> Any:
    """A value as the audit log stores it: a model by its id, dates as ISO text."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, set | frozenset):
        return sorted(json_value(v) for v in value)
    return value


def apply_values(instance: models.Model, values: dict[str, Any]) -> dict[str, list[Any]]:
    """Set ``values`` on ``instance`` without saving; the changes as {field: [old, new]}."""
    changes: dict[str, list[Any]] = {}
    for field, new in values.items():
        old = getattr(instance, field)
        if old != new:
            changes[field] = [json_value(old), json_value(new)]
            setattr(instance, field, new)
    return changes


def model_update(instance: models.Model, values: dict[str, Any]) -> dict[str, list[Any]]:
    """Apply ``values`` and save only the fields that changed (and any ``auto_now``
    field); nothing is written when nothing changed. Returns the changes."""
    changes = apply_values(instance, values)
    if changes:
        auto_now = [
            f.name for f in instance._meta.concrete_fields if getattr(f, "auto_now", False) and f.name not in changes
        ]
        instance.save(update_fields=[*changes, *auto_now])
    return changes


def change_detail(changes: Mapping[str, list[Any] | None], **extra: Any) -> dict[str, Any]:
    """The audit detail of a change: ``{"changes": {field: [old, new]}, **extra}``.

    A field whose content must not reach the audit log (a counselling record's
    notes) is named with ``None`` instead of its values: "changed, values withheld"
    (``withheld_changes``)."""
    return {"changes": changes, **extra}


def withheld_changes(fields: Iterable[str]) -> dict[str, list[Any] | None]:
    """The changes of confidential ``fields`` for ``change_detail``: each named, its
    values withheld (``{field: None}``), in name order."""
    return dict.fromkeys(sorted(fields))


def created_detail(values: Mapping[str, Any], **extra: Any) -> dict[str, Any]:
    """The audit detail of a new row: ``{"values": {field: value}, **extra}``."""
    return {"values": {field: json_value(value) for field, value in values.items()}, **extra}
