"""Pages answer a service's ``NotFound`` with 404 and its ``Forbidden`` with 403,
whichever view called the service (the API maps them itself: ``jiedao.api.errors``).
Audit entries of refusals are written once a request has been answered."""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from jiedao.core import audit
from jiedao.core.errors import Forbidden, NotFound


class DomainErrorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        # Raised here, Django's own handling turns them into the 404 and 403 pages.
        if isinstance(exception, NotFound):
            raise Http404(exception.message) from exception
        if isinstance(exception, Forbidden):
            raise PermissionDenied(exception.message) from exception


class DeferredAuditMiddleware:
    """Writes the entries ``audit.record_refusal`` kept on the request, after the
    view (page or API) has answered and its transaction has been rolled back."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        audit.write_deferred(request)
        return response
