import logging

from django.db import DatabaseError, connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import defaults

from jiedao.accounts.policy import public, request_actor

logger = logging.getLogger(__name__)


@public
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        # The exception text can name hosts and users: log it, do not publish it.
        logger.exception("health check: database unreachable")
        return JsonResponse(
            {"status": "error", "database": "unreachable", "reason": "the database did not answer"}, status=503
        )
    return JsonResponse({"status": "ok", "database": "ok"})


@public
def home(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    if not actor.is_authenticated:
        return redirect("accounts:login")
    if actor.is_staff_member:
        return redirect("people:dashboard")
    return redirect("accounts:me")


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """404 for unknown URLs: the API's error shape under /api/, the Chinese page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"code": "not_found", "message": _("未找到该接口或对象。"), "details": {}}, status=404)
    return defaults.page_not_found(request, exception or Http404())
