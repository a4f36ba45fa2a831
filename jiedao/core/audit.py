"""Writing to the audit log. Every service that changes a person or reveals a
sensitive field calls ``record``; nothing else writes ``AuditEntry`` rows.

Some entries are themselves sensitive: that someone booked a counselling session, gave
a consent or had a record read says who uses the service. An app declares such object
types once (``register_confidential`` in its ``AppConfig.ready``); the general audit
page leaves them out, and the app shows what oversight needs on pages of its own.
Others are for some readers only: a party membership's changes are read by the party
roles, not by the union or labour office (``register_restricted``). Core never imports
the apps: they register here.
"""

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from axes.helpers import get_client_ip_address
from django.db import models, transaction
from django.http import HttpRequest

from jiedao.core.models import AuditEntry
from jiedao.core.services import change_detail, created_detail

_confidential_types: set[str] = set()
_restricted_types: dict[str, Callable[[Any], bool]] = {}


def register_confidential(object_types: Iterable[str]) -> None:
    """Declare audit object types (``app_label.model``) whose entries the general audit
    log does not show to anyone."""
    _confidential_types.update(t.lower() for t in object_types)


def register_restricted(object_types: Iterable[str], *, readers: Callable[[Any], bool]) -> None:
    """Declare audit object types whose entries the general audit log shows only to
    actors for whom ``readers(actor)`` is true (party facts: the party roles)."""
    for object_type in object_types:
        _restricted_types[object_type.lower()] = readers


def confidential_types() -> frozenset[str]:
    return frozenset(_confidential_types)


def hidden_types_for(actor: Any) -> frozenset[str]:
    """The object types ``actor`` does not read in the general audit log."""
    return frozenset(_confidential_types) | {t for t, readers in _restricted_types.items() if not readers(actor)}


def client_address(request: HttpRequest | None) -> str | None:
    """The client's address as django-axes sees it: behind proxies it honours
    ``AXES_IPWARE_PROXY_COUNT`` (``AXES_PROXY_COUNT`` in the environment), so the
    log and the login throttle agree on who the client is."""
    if request is None:
        return None
    return get_client_ip_address(request) or None


def record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    subdistrict_id: int | None = None,
    detail: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
) -> AuditEntry:
    user = getattr(actor, "user", actor)  # accepts an Actor or a User
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:200]
        subdistrict_id = subdistrict_id or getattr(obj, "subdistrict_id", None)
    if subdistrict_id is None and user is not None:
        subdistrict_id = getattr(user, "subdistrict_id", None)
    return AuditEntry.objects.create(
        subdistrict_id=subdistrict_id,
        actor=user if getattr(user, "pk", None) else None,
        actor_name=getattr(user, "username", "") or "",
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr,
        detail=detail or {},
        client_address=client_address(request),
    )


# Where a request keeps the entries of ``record_refusal`` until it has been answered.
_DEFERRED = "_jiedao_deferred_audit"


def record_refusal(*, request: HttpRequest | None, **entry: Any) -> None:
    """Audit a refusal (``record``'s arguments). The refusal is raised as an
    exception, which rolls back the transaction around it, this entry with it:
    inside a transaction of a request, the entry is kept on the request and
    ``core.middleware.DeferredAuditMiddleware`` writes it once the view has
    answered, outside any transaction; outside one, it is written at once."""
    if request is not None and transaction.get_connection().in_atomic_block:
        request.__dict__.setdefault(_DEFERRED, []).append(entry)
    else:
        record(request=request, **entry)


def write_deferred(request: HttpRequest) -> None:
    """The entries ``record_refusal`` kept on ``request``, written now."""
    for entry in request.__dict__.pop(_DEFERRED, []):
        record(request=request, **entry)


def record_created(
    *, actor: Any, obj: models.Model, values: Mapping[str, Any], request: HttpRequest | None = None
) -> AuditEntry:
    """The entry for a new row: its validated ``values`` (``created_detail``)."""
    return record(actor=actor, action=AuditEntry.Action.CREATE, obj=obj, request=request, detail=created_detail(values))


def record_changes(
    *, actor: Any, obj: models.Model, changes: Mapping[str, list[Any] | None], request: HttpRequest | None = None
) -> AuditEntry:
    """The entry for an edit: what changed, as ``apply_values``/``model_update`` return it."""
    return record(actor=actor, action=AuditEntry.Action.UPDATE, obj=obj, request=request, detail=change_detail(changes))
