"""Error handlers that need nothing above ``core`` (the pages that need actors
and roles live in ``jiedao.site``)."""

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """404 for unknown URLs: the API's error shape under /api/, the Chinese page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"code": "not_found", "message": _("未找到该接口或对象。"), "details": {}}, status=404)
    return defaults.page_not_found(request, exception or Http404())
