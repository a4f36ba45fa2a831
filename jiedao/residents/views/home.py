"""The resident's home (我的, ``/me/``): what every programme has for the signed-in
person (``residents.home``), on a phone. Without a registry record of their own, the
binding prompt; a staff account has no such home and is pointed to its account page."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from jiedao.accounts.policy import request_actor, signed_in
from jiedao.residents.home import home_of
from jiedao.residents.next_url import with_next


@require_safe
@signed_in
@never_cache  # a person's appointments and cases: never kept by a browser or a proxy
def home(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    context = {
        "home": home_of(actor),
        "is_staff": actor.is_staff_member,
        "bind_url": with_next(reverse("residents:bind"), reverse("residents:home")),
    }
    return render(request, "residents/home.html", context)
