from django.http import HttpRequest, HttpResponse

from jiedao.accounts.policy import signed_in


@signed_in
def index(request: HttpRequest) -> HttpResponse:  # replaced by the studio page
    return HttpResponse("")
