from typing import Any

from django.http import HttpRequest

from jiedao.accounts.policy import request_actor
from jiedao.activities.access import ORGANISER_ROLES


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Whether to show the activities link: offices and union chairs organise."""
    return {"can_organise_activities": request_actor(request).has_role(*ORGANISER_ROLES)}
