from typing import Any

from django.http import HttpRequest

from jiedao.accounts.policy import request_actor


def actor(request: HttpRequest) -> dict[str, Any]:
    return {"actor": request_actor(request)}
