from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect

from jiedao.accounts.policy import public, request_actor


@public
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        return JsonResponse({"status": "error", "database": "unreachable", "reason": str(exc)[:200]}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@public
def home(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    if not actor.is_authenticated:
        return redirect("accounts:login")
    if actor.is_staff_member:
        return redirect("people:dashboard")
    return redirect("accounts:me")
