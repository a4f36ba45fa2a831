from typing import Any

from django.apps import apps
from django.http import HttpRequest

from jiedao.accounts.policy import request_actor
from jiedao.core.navigation import NavLink


def programme_links(request: HttpRequest) -> dict[str, Any]:
    """The programmes' own navigation links for this actor (``jiedao.core.navigation``)."""
    actor = request_actor(request)
    staff: list[NavLink] = []
    mine: list[NavLink] = []
    if actor.is_authenticated:
        for config in apps.get_app_configs():
            links = getattr(config, "navigation", None)
            for link in links(actor) if links else ():
                (staff if link.staff else mine).append(link)
    return {"programme_links": {"staff": staff, "mine": mine}}
