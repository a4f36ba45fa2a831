"""The admin site behind the same login and second factor as the staff pages.

The admin site reaches everything, so a session it accepts must have passed the
second factor where one is asked (``gate.needs_verification``): a password alone,
typed into the admin's own login form, gets no further than the staff pages would.
Visitors not signed in are sent to the one login page (password, then code).
"""

from typing import Any

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from jiedao.accounts.policy import STAFF_LOGIN_URL, request_actor
from jiedao.accounts.second_factor.gate import needs_verification, redirect_to_verification


class AdminSite(admin.AdminSite):
    def has_permission(self, request: HttpRequest) -> bool:
        return super().has_permission(request) and not needs_verification(request, request_actor(request))

    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        next_url = request.GET.get(REDIRECT_FIELD_NAME) or reverse("admin:index", current_app=self.name)
        actor = request_actor(request)
        if not actor.is_authenticated:
            return redirect_to_login(next_url, STAFF_LOGIN_URL)
        if needs_verification(request, actor):
            return redirect_to_verification(next_url)
        return super().login(request, extra_context)  # signed in, but not admin-site staff: Django says so
