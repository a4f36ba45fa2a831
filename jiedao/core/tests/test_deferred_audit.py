"""The audit entry of a refusal outlives the transaction the refusal rolls back
(``audit.record_refusal``): inside a request it is kept on the request and written by
``DeferredAuditMiddleware`` once the view has answered — whatever the answer, a
server error included — and written once only."""

from collections.abc import Callable
from typing import cast

import pytest
from django.core.handlers.exception import convert_exception_to_response
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from jiedao.core import audit
from jiedao.core.middleware import DeferredAuditMiddleware
from jiedao.core.models import AuditEntry

pytestmark = pytest.mark.django_db


class Refused(Exception):
    """What a service raises after auditing its refusal."""


def refuse(request: HttpRequest | None) -> None:
    """A service's refusal inside its own transaction, which the exception rolls back."""
    with transaction.atomic():
        audit.record(actor=None, action=AuditEntry.Action.UPDATE, object_repr="rolled back")
        audit.record_refusal(request=request, actor=None, action=AuditEntry.Action.REFUSED, detail={"n": 1})
        raise Refused


def answers_400(request: HttpRequest) -> HttpResponse:
    try:
        refuse(request)
    except Refused:
        return HttpResponse(status=400)
    return HttpResponse()


def fails(request: HttpRequest) -> HttpResponse:
    try:
        refuse(request)
    except Refused:
        raise RuntimeError("a bug after the refusal") from None
    return HttpResponse()


def through_the_middleware(view: Callable[[HttpRequest], HttpResponse]) -> HttpResponse:
    """As Django's handler calls a middleware: what it wraps answers even when it raises."""
    get_response = cast(Callable[[HttpRequest], HttpResponse], convert_exception_to_response(view))
    return DeferredAuditMiddleware(get_response)(RequestFactory().post("/people/1/edit/"))


def refusals() -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=AuditEntry.Action.REFUSED))


@pytest.mark.parametrize(("view", "status"), [(answers_400, 400), (fails, 500)])
def test_the_entry_is_written_once_the_view_has_answered_whatever_the_answer(
    view: Callable[[HttpRequest], HttpResponse], status: int
) -> None:
    response = through_the_middleware(view)

    assert response.status_code == status
    [entry] = refusals()
    assert entry.detail == {"n": 1} and entry.client_address == "127.0.0.1"
    assert not AuditEntry.objects.filter(object_repr="rolled back").exists()


def test_the_entries_are_written_once() -> None:
    request = RequestFactory().post("/")
    with pytest.raises(Refused):
        refuse(request)

    audit.write_deferred(request)
    audit.write_deferred(request)

    assert len(refusals()) == 1


def test_without_a_request_the_entry_is_written_at_once() -> None:
    """A command has no request to keep it on: it calls the refusing service outside
    its own transaction (as ``people.services`` does), so the entry stays."""
    with transaction.atomic():
        audit.record_refusal(request=None, actor=None, action=AuditEntry.Action.REFUSED, detail={"n": 1})
        assert len(refusals()) == 1
