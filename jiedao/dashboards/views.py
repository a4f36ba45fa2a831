"""The staff dashboard (工作看板): the figures of the programmes an office runs, for its scope."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from jiedao.accounts.actor import OFFICE_ROLES
from jiedao.accounts.policy import request_actor, staff
from jiedao.dashboards.figures import sections_for


@staff(*OFFICE_ROLES)
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "dashboards/index.html", {"sections": sections_for(request_actor(request))})
