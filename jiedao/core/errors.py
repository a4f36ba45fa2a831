"""Domain errors: a business refusal with a stable code and a message for people.

Services raise these (or Django's ``ValidationError`` for bad input). They carry no
HTTP status: the API maps each class to one (``jiedao.api.errors``), the pages put
the message next to the form (``jiedao.core.pages.run_service``) or answer 404/403.
"""

from typing import Any


class DomainError(Exception):
    """A refusal the caller can do something about (API 422 by default)."""

    code = "refused"

    def __init__(
        self, message: str, *, code: str | None = None, details: dict[str, Any] | None = None, field: str | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code or self.code
        self.details: dict[str, Any] = details or {}
        self.field = field  # the form field the message belongs next to, if any


class NotFound(DomainError):
    """The object does not exist for this actor (API 404; pages 404)."""

    code = "not_found"


class Forbidden(DomainError):
    """The actor sees the object but may not do this (API 403; pages 403)."""

    code = "forbidden"


class Conflict(DomainError):
    """The state changed under the caller: taken, full, already done (API 409)."""

    code = "conflict"


class Invalid(DomainError):
    """Input that cannot be acted on, found beyond a form's fields: a forged or
    expired code, a file that cannot be read (API 400)."""

    code = "invalid"


class TooMany(DomainError):
    """Too many attempts in a while: probing, sending, guessing (API 429). Give the
    seconds to wait in ``details["retry_after"]`` where they are known."""

    code = "rate_limited"


class Unauthenticated(DomainError):
    """Who is asking is not proven: a second factor missing or wrong at login (API 401)."""

    code = "unauthenticated"
