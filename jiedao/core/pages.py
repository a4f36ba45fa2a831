"""Running a service from a form, and the one form page.

A view builds the form, calls ``run_service`` and, on failure, re-renders with
``form_page``: a form whose input was refused answers 400, so a browser, a test
and an operator's log all see the refusal; a fresh form answers 200.
"""

from collections.abc import Callable, Mapping
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from jiedao.core.errors import DomainError, Forbidden, NotFound
from jiedao.core.forms import add_service_errors


def run_service(
    form: forms.BaseForm,
    service: Callable[..., Any],
    /,
    *,
    field_names: Mapping[str, str] = {},
    **arguments: Any,
) -> Any:
    """Call ``service(**arguments, **form.cleaned_data)`` if the form is valid.

    Returns what the service returned, or ``None`` when the form or the service
    refused the input: the reasons are then on the form (``form.errors``), next to
    the fields the service named. A ``NotFound`` or ``Forbidden`` is no fault of
    the input and goes on up (the page answers 404 or 403: ``core.middleware``);
    any other ``DomainError`` is a form error.
    """
    if not form.is_valid():
        return None
    try:
        return service(**arguments, **form.cleaned_data)
    except ValidationError as exc:
        add_service_errors(form, exc, field_names)
    except (NotFound, Forbidden):
        raise
    except DomainError as exc:
        field = field_names.get(exc.field or "", exc.field)
        form.add_error(field if field in form.fields else None, exc.message)
    return None


def run_action(
    request: HttpRequest,
    form: forms.BaseForm,
    service: Callable[..., Any],
    /,
    *,
    done: str = "",
    **arguments: Any,
) -> Any:
    """A small form posted from another page that the view redirects back to:
    ``run_service``, then the message ``done`` on success, or each error as a
    message (``flash_form_errors``). Returns what the service returned."""
    result = run_service(form, service, **arguments)
    if form.errors:
        flash_form_errors(request, form)
    elif done and form.is_bound:  # an unbound form ran nothing
        messages.success(request, done)
    return result


def flash_form_errors(request: HttpRequest, form: forms.BaseForm) -> None:
    """A small form posted from another page: each error becomes a message on the
    page it returns to, prefixed with the field's label."""
    for field, errors in form.errors.items():
        label = form[field].label if field in form.fields else ""  # the label the page shows
        for error in errors:
            messages.error(request, f"{label}：{error}" if label else str(error))


def form_status(form: forms.BaseForm) -> int:
    """400 for a form sent back with errors, 200 otherwise: the one rule."""
    return 400 if form.is_bound and form.errors else 200


def form_page(
    request: HttpRequest,
    form: forms.BaseForm,
    *,
    title: str,
    cancel_url: str,
    template: str = "form.html",
    **context: Any,
) -> HttpResponse:
    """Render a form page (``templates/form.html`` unless a programme extends it)."""
    context = {"form": form, "title": title, "cancel_url": cancel_url, **context}
    return render(request, template, context, status=form_status(form))
