from django.http import HttpRequest, HttpResponse

from jiedao.accounts.policy import staff


@staff()
def index(request: HttpRequest) -> HttpResponse:  # replaced by the meetings list
    return HttpResponse("")
