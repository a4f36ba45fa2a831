"""The residents' side of the API: ``/me`` (binding to the registry; ``/me/home``, the
resident's home) and the token login of ``/auth`` (``sign_in``)."""

from jiedao.residents.api.binding import router
from jiedao.residents.api.home import router as home_router
from jiedao.residents.api.sign_in import router as sign_in_router

router.add_router("", home_router)  # GET /me/home (the resident's home)

__all__ = ["router", "sign_in_router"]
