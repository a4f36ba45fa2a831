"""The error answers each operation declares in the OpenAPI document, all in the one
shape ``Error``: ``{"code", "message", "details"}``.

Most follow from the operation itself and are declared for every operation at once,
when the document is written (``DocumentedAPI``):

- 401 where the operation needs a token;
- 403 where a role gate can refuse (``staff(...)``);
- 404 where the path names an object (outside the caller's scope it does not exist);
- 422 where there are parameters or a body (ninja's validation, our bounds);
- 400 where there is a body (one that is not JSON at all).

What the services behind an operation can refuse beyond that is declared next to the
view with ``@refuses(...)``, naming the exception classes the view lets through
(``Conflict``, ``TooMany``, Django's ``ValidationError``, ...); their statuses come
from the table the error handlers answer with (``errors.status_of``), so the document
and the answers cannot drift apart. A status that no exception class carries (the
token endpoint's 401 and 429 are ``ApiError``s) is named by number.
"""

from collections.abc import Callable
from http.client import responses
from typing import Any, TypeVar

from ninja import NinjaAPI, Schema
from ninja.openapi.schema import OpenAPISchema
from ninja.operation import Operation

from jiedao.accounts.policy import Policy
from jiedao.api.errors import status_of

F = TypeVar("F", bound=Callable[..., Any])


class Error(Schema):
    """Every refusal and failure of the API."""

    code: str
    message: str
    details: dict[str, Any]


def refuses(*kinds: type[Exception] | int) -> Callable[[F], F]:
    """Declare the refusals a view's services can give beyond those that follow from
    the operation (see the module's docstring)."""
    statuses = frozenset(kind if isinstance(kind, int) else status_of(kind) for kind in kinds)

    def declare(view: F) -> F:
        # A policy decorator copies this attribute onto its wrapper (functools.wraps).
        view.api_refusals = statuses  # type: ignore[attr-defined]
        return view

    return declare


def error_statuses(operation: Operation) -> set[int]:
    """Every error status ``operation`` can answer with."""
    sources = {getattr(model, "__ninja_param_source__", None) for model in operation.models}
    policy: Policy | None = getattr(operation.view_func, "access_policy", None)
    statuses = set(getattr(operation.view_func, "api_refusals", ()))
    if operation.auth_callbacks:
        statuses.add(401)
    if policy is not None and policy.kind == "staff":
        statuses.add(403)
    if "path" in sources:
        statuses.add(404)
    if sources:
        statuses.add(422)
    if "body" in sources:
        statuses.add(400)
    return statuses


class Document(OpenAPISchema):
    """ninja's OpenAPI document, with each operation's error answers added. Only the
    document: what a view returns is still checked against its own ``response=``."""

    def responses(self, operation: Operation) -> dict[int, dict[str, Any]]:
        answers = super().responses(operation)
        self.add_schema_definitions({"Error": Error.model_json_schema(mode="serialization")})
        schema = {"$ref": "#/components/schemas/Error"}
        for status in sorted(error_statuses(operation)):
            answers.setdefault(
                status,
                {"description": responses[status], "content": {self.api.renderer.media_type: {"schema": schema}}},
            )
        return answers


class DocumentedAPI(NinjaAPI):
    """A ``NinjaAPI`` whose OpenAPI document declares every error answer."""

    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: Any = None) -> OpenAPISchema:
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        return Document(self, path_prefix)
