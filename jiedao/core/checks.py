"""Deploy checks (``manage.py check --deploy``): the production keys, and the two
settings whose development defaults would quietly weaken a production deployment.

The settings already refuse a known key at start-up when DEBUG is off; the deploy
check is the stricter gate, and runs whatever DEBUG says, so an operator can vet a
configuration before switching it on.
"""

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register
from django.db import connections

from jiedao.core.keys import key_problem

HINT = 'Generate one with: python3 -c "import secrets; print(secrets.token_urlsafe(48))" (docs/security.md).'


@register(Tags.security, deploy=True)
def check_keys(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    messages: list[CheckMessage] = []
    for name in ("SECRET_KEY", "JIEDAO_FIELD_KEY"):
        problem = key_problem(name, str(getattr(settings, name, "")))
        if problem is not None:
            messages.append(Error(problem.message, hint=HINT, id=problem.check_id))
    return messages


CONSOLE_SMS_BACKEND = "jiedao.core.notifications.ConsoleSmsBackend"


@register(Tags.security, deploy=True)
def check_accounts(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Residents log in with a code sent by SMS, which the console backend never sends
    with DEBUG off; staff who reach sensitive data need their second factor."""
    messages: list[CheckMessage] = []
    if settings.JIEDAO_SMS_BACKEND == CONSOLE_SMS_BACKEND:
        messages.append(
            Warning(
                "JIEDAO_SMS_BACKEND is the console: no text message is sent, so residents cannot log in.",
                hint="Set JIEDAO_SMS_BACKEND to the SMS gateway's backend (docs/sms.md).",
                id="jiedao.W003",
            )
        )
    if not settings.JIEDAO_REQUIRE_SECOND_FACTOR:
        messages.append(
            Warning(
                "JIEDAO_REQUIRE_SECOND_FACTOR is off: staff who can reveal ID numbers or read records "
                "log in with a password alone.",
                hint="Leave JIEDAO_REQUIRE_SECOND_FACTOR unset (on by default with DEBUG off); docs/security.md.",
                id="jiedao.W004",
            )
        )
    return messages


@register(Tags.database, deploy=True)
def check_postgresql_jit(app_configs: Any = None, databases: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """PostgreSQL's JIT compiles a query once its estimated cost passes ``jit_above_cost``:
    on a city's tables that took seconds for queries of milliseconds (docs/deployment.md).
    Run with ``check --deploy --database default``."""
    messages: list[CheckMessage] = []
    for alias in databases or ():
        connection = connections[alias]
        if connection.vendor != "postgresql":
            continue
        with connection.cursor() as cursor:
            cursor.execute("SHOW jit")
            (jit,) = cursor.fetchone()
        if jit == "on":
            messages.append(
                Warning(
                    f"PostgreSQL runs with JIT compilation on (database {alias!r}).",
                    hint="Set jit = off in postgresql.conf, or ALTER DATABASE … SET jit = off (docs/deployment.md).",
                    id="jiedao.W005",
                )
            )
    return messages
