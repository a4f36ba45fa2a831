"""Shared by the accounts tests: is a session or a token still alive, and the data a
Django admin form posts back unchanged (to change one field of it)."""

from typing import Any

from django import forms
from django.test import Client

from jiedao.accounts.models import User
from jiedao.testing import ClientResponse

ME_PAGE = "/accounts/me/"
ME_API = "/api/v1/auth/me"


def bearer(raw: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {raw}"}


def session_of(user: User) -> Client:
    """A browser signed in as ``user``."""
    client = Client()
    client.force_login(user)
    return client


def session_alive(client: Client) -> bool:
    """The next request of a signed-in browser: its page, or the way to the login page."""
    response = client.get(ME_PAGE)
    if response.status_code == 302:
        assert response["Location"].startswith(("/login/", "/accounts/login/"))
        return False
    assert response.status_code == 200
    return True


def token_alive(raw: str) -> bool:
    response = Client().get(ME_API, headers=bearer(raw))
    assert response.status_code in (200, 401), response.content
    return response.status_code == 200


def form_data(form: forms.BaseForm) -> dict[str, Any]:
    """What the browser would post back for ``form`` untouched."""
    data: dict[str, Any] = {}
    for bound in form:
        value, widget = bound.value(), bound.field.widget
        if bound.field.disabled:
            continue
        if isinstance(widget, forms.MultiWidget):  # the admin's date and time inputs
            for i, part in enumerate(widget.decompress(value) or []):
                data[f"{bound.html_name}_{i}"] = "" if part is None else str(part)
        elif isinstance(widget, forms.CheckboxInput):
            if value:
                data[bound.html_name] = "on"
        elif value is not None:
            data[bound.html_name] = value
    return data


def admin_change_data(admin: Client, user: User) -> tuple[dict[str, Any], list[str]]:
    """The user's admin change form as posted back untouched, and the prefixes of its
    role assignment rows (``<prefix>-DELETE`` removes one)."""
    page: ClientResponse = admin.get(f"/admin/accounts/user/{user.pk}/change/")
    assert page.status_code == 200
    data = form_data(page.context["adminform"].form)
    rows: list[str] = []
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(form_data(formset.management_form))
        for row in formset.forms:
            data.update(form_data(row))
            rows.append(row.prefix)
    return data, rows
