"""Deploy checks (``manage.py check --deploy``): the production keys.

The settings already refuse a known key at start-up when DEBUG is off; the deploy
check is the stricter gate, and runs whatever DEBUG says, so an operator can vet a
configuration before switching it on.
"""

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register

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
