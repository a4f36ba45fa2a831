"""Account operations shared by the login page and the API."""

from django.http import HttpRequest

from jiedao.accounts.models import User
from jiedao.core import audit
from jiedao.core.models import AuditEntry


def record_login(*, user: User, request: HttpRequest, via: str) -> None:
    """Every successful login (page or API token) goes into the audit log."""
    audit.record(actor=user, action=AuditEntry.Action.LOGIN, obj=user, request=request, detail={"via": via})
