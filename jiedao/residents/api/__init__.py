"""The residents' side of the API: ``/me`` (binding to the registry) and the token login
of ``/auth`` (``sign_in``)."""

from jiedao.residents.api.binding import router
from jiedao.residents.api.sign_in import router as sign_in_router

__all__ = ["router", "sign_in_router"]
