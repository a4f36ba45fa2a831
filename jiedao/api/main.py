"""The django-ninja API under /api/v1/: bearer-token auth, one error shape (every
error answer declared in the OpenAPI document: ``responses``), one router per app."""

from typing import Any

from django.http import HttpRequest
from ninja import Swagger
from ninja.security import HttpBearer

from jiedao.accounts.actor import actor_for
from jiedao.accounts.policy import public
from jiedao.accounts.tokens import token_user
from jiedao.api import errors
from jiedao.api.parser import ObjectParser
from jiedao.api.responses import DocumentedAPI


class BearerAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = token_user(token)
        if user is None:
            return None
        request.user = user
        request.actor = actor_for(user)  # type: ignore[attr-defined]
        return user


api = DocumentedAPI(
    title="Jiedao API",
    version="1",
    urls_namespace="api",
    auth=BearerAuth(),
    # The docs page uses ninja's own template and the swagger assets it ships
    # (``ninja`` is in INSTALLED_APPS for that): nothing from a CDN, no inline
    # script. No validator badge either: it would call validator.swagger.io.
    docs=Swagger(settings={"validatorUrl": None}),
    docs_url="/docs",
    openapi_url="/openapi.json",
    docs_decorator=public,
    parser=ObjectParser(),
)
errors.install(api)

from jiedao.accounts.api import router as auth_router  # noqa: E402
from jiedao.activities.api import router as activities_router  # noqa: E402
from jiedao.bulletin.api import router as bulletin_router  # noqa: E402
from jiedao.counselling.api import router as counselling_router  # noqa: E402
from jiedao.dues.api import router as dues_router  # noqa: E402
from jiedao.employment.api import router as employment_router  # noqa: E402
from jiedao.jobs.api import router as jobs_router  # noqa: E402
from jiedao.ledgers.api import router as ledgers_router  # noqa: E402
from jiedao.legalaid.api import router as legalaid_router  # noqa: E402
from jiedao.meetings.api import router as meetings_router  # noqa: E402
from jiedao.org.api import router as org_router  # noqa: E402
from jiedao.party.api import router as party_router  # noqa: E402
from jiedao.people.api import router as people_router  # noqa: E402
from jiedao.residents.api import router as me_router  # noqa: E402
from jiedao.residents.api import sign_in_router  # noqa: E402
from jiedao.training.api import router as training_router  # noqa: E402
from jiedao.unions.api import router as unions_router  # noqa: E402
from jiedao.volunteering.api import router as volunteering_router  # noqa: E402

api.add_router("/auth", sign_in_router)
api.add_router("/auth", auth_router)
api.add_router("/me", me_router)
api.add_router("/jobs", jobs_router)
api.add_router("/org", org_router)
api.add_router("/people", people_router)
api.add_router("/activities", activities_router)
api.add_router("/meetings", meetings_router)
api.add_router("/counselling", counselling_router)
api.add_router("/unions", unions_router)
api.add_router("/dues", dues_router)
api.add_router("/legal-aid", legalaid_router)
api.add_router("/party", party_router)
api.add_router("/volunteering", volunteering_router)
api.add_router("/training", training_router)
api.add_router("/employment", employment_router)
api.add_router("/bulletin", bulletin_router)
api.add_router("/ledgers", ledgers_router)
