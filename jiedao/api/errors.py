"""One error shape for the whole API: ``{"code", "message", "details"}``."""

import logging
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from jiedao.api.parser import NotAnObject, UnstorableText
from jiedao.core.errors import Conflict, DomainError, Forbidden, Invalid, NotFound, TooMany, Unauthenticated

logger = logging.getLogger(__name__)


# The HTTP status of each kind of domain error; any other ``DomainError`` is 422.
DOMAIN_STATUS: dict[type[DomainError], int] = {
    Invalid: 400,
    Unauthenticated: 401,
    Forbidden: 403,
    NotFound: 404,
    Conflict: 409,
    TooMany: 429,
}


# The statuses of the other exceptions the handlers below turn into answers.
DJANGO_STATUS: dict[type[Exception], int] = {ValidationError: 400, PermissionDenied: 403, Http404: 404}


def domain_status(exc: DomainError) -> int:
    return status_of(type(exc))


def status_of(kind: type[Exception]) -> int:
    """The status the handlers answer an exception of class ``kind`` with (the
    first class of its MRO in the tables; any other ``DomainError`` is 422)."""
    for cls in kind.__mro__:
        if cls in DOMAIN_STATUS:
            return DOMAIN_STATUS[cls]
        if cls in DJANGO_STATUS:
            return DJANGO_STATUS[cls]
    if issubclass(kind, DomainError):
        return 422
    raise ValueError(f"no error handler answers {kind.__name__}")


class ApiError(Exception):
    """An answer that only the API layer gives (credentials, throttling): services
    raise ``DomainError``s, never this."""

    def __init__(self, status: int, code: str, message: str, details: Any = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.details = status, code, message, details


def error_response(
    api: NinjaAPI, request: HttpRequest, status: int, code: str, message: str, details: Any = None
) -> HttpResponse:
    return api.create_response(
        request, {"code": code, "message": message, "details": details if details is not None else {}}, status=status
    )


def install(api: NinjaAPI) -> None:
    @api.exception_handler(ApiError)
    def _api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
        return error_response(api, request, exc.status, exc.code, exc.message, exc.details)

    @api.exception_handler(DomainError)
    def _domain(request: HttpRequest, exc: DomainError) -> HttpResponse:
        return error_response(api, request, domain_status(exc), exc.code, exc.message, exc.details)

    @api.exception_handler(ValidationError)
    def _validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        details = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        return error_response(api, request, 400, "invalid", _("提交的数据有误。"), details)

    @api.exception_handler(NinjaValidationError)
    def _schema(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        return error_response(api, request, 422, "invalid_request", _("请求格式有误。"), {"errors": exc.errors})

    @api.exception_handler(PermissionDenied)
    def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return error_response(api, request, 403, "forbidden", str(exc) or _("无权执行此操作。"))

    @api.exception_handler(Http404)
    def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return error_response(api, request, 404, "not_found", _("未找到该对象。"))

    @api.exception_handler(AuthenticationError)
    def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return error_response(api, request, 401, "unauthenticated", _("请先登录或提供有效的令牌。"))

    @api.exception_handler(HttpError)
    def _http(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if isinstance(exc.__cause__, UnstorableText):  # ninja wraps whatever the body's parser raises
            return _schema(request, exc.__cause__)
        if exc.status_code == 400:  # raised by ninja for a body it cannot read (parser.py)
            if isinstance(exc.__cause__, NotAnObject):
                message = _("请求内容应为一个 JSON 对象（{…}）。")
            else:
                message = _("请求内容无法解析，请发送有效的 JSON。")
            return error_response(api, request, 400, "malformed_request", message)
        return error_response(api, request, exc.status_code, "error", exc.message)

    @api.exception_handler(Exception)
    def _unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        # A bug must still answer in the API's shape; the details go to the log only.
        logger.exception("unhandled error in %s %s", request.method, request.path)
        return error_response(api, request, 500, "server_error", _("服务器内部错误，请稍后再试。"))
