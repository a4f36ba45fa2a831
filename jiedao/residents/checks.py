"""System checks: can residents sign up at all? A new resident account joins the
sub-district ``JIEDAO_RESIDENT_SUBDISTRICT`` names, or the only one there is
(``residents.accounts.home_subdistrict``). With several and none named, or a code that
names none, every resident sign-in by SMS is refused: warned here, where the operator
sees it (``migrate`` and ``check --database default``; the sub-districts are rows)."""

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register
from django.db import DatabaseError

from jiedao.org.models import Subdistrict

HINT = "Set JIEDAO_RESIDENT_SUBDISTRICT to the 9-digit code of the sub-district new resident accounts join."


@register(Tags.database)
def check_home_subdistrict(
    app_configs: Any = None, databases: Sequence[str] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    if not databases or "default" not in databases:
        return []
    code = settings.JIEDAO_RESIDENT_SUBDISTRICT
    try:
        if code:
            if Subdistrict.objects.filter(code=code).exists():
                return []
            message = f"JIEDAO_RESIDENT_SUBDISTRICT is {code!r}, the code of no sub-district."
            return [Warning(f"{message} Residents cannot sign in by SMS.", hint=HINT, id="jiedao.W002")]
        if Subdistrict.objects.count() > 1:
            message = "There are several sub-districts and JIEDAO_RESIDENT_SUBDISTRICT names none of them."
            return [Warning(f"{message} Residents cannot sign in by SMS.", hint=HINT, id="jiedao.W001")]
    except DatabaseError:  # not migrated yet: nothing to say
        return []
    return []
