"""A resident's own account in the API: binding it to the registry (实名)."""

from ninja import Router

router = Router(tags=["me"])
