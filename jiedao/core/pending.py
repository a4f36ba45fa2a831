# TEMPORARY during the first build: replaced by real views before landing.
from django.http import HttpRequest, HttpResponse

from jiedao.accounts.policy import staff


@staff()
def pending(request: HttpRequest, **kwargs: object) -> HttpResponse:
    return HttpResponse("pending")
