"""A resident's own full ID number (``/me/id-number/``), posted from the "我的" page:
after a fresh proof (``residents.step_up``), audited, never cached."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_POST

from jiedao.accounts.policy import request_actor, signed_in
from jiedao.people.access import own_person
from jiedao.residents import step_up
from jiedao.residents.binding import reveal_own_id_number


@signed_in
@require_POST
def own_id_number(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    me = reverse("accounts:me")
    if own_person(actor) is None:  # nothing to show: back to the page that explains why
        return redirect(me)
    if (to_step_up := step_up.fresh_or_redirect(request, me)) is not None:
        return to_step_up  # after the proof, back to "我的", where the button is pressed again
    number = reveal_own_id_number(actor=actor, request=request)
    response = render(request, "residents/own_id_number.html", {"id_number": number})
    patch_cache_control(response, no_store=True)
    return response
