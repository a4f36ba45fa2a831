from typing import Any

from django.http import HttpRequest

from jiedao.accounts.policy import request_actor
from jiedao.people.access import BROWSE_ROLES


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Whether to show the registry link: counsellors and providers cannot open it."""
    return {"can_browse_people": request_actor(request).has_role(*BROWSE_ROLES)}
