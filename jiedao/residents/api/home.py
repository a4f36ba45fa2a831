"""``GET /me/home``: the resident's home (``residents.home``) as JSON, the same groups
as the page (``residents:home``) under the same policy (signed in).

``person`` is null for an account without a registry record of its own (then every
group is empty: bind first, ``POST /me/bind``). ``upcoming``: every programme's
entries merged, soonest first (at most ``MAX_UPCOMING``; ``more_upcoming`` says how
many were left off); ``cards`` and ``actions`` in the programmes' order. Figures are
strings, written exactly as the programme counts them (a ``Decimal``, never a float).
Links are paths of the site's own pages.
"""

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router
from pydantic import BaseModel

from jiedao.accounts.policy import request_actor, signed_in
from jiedao.residents.home import home_of

router = Router(tags=["me"])


class HomePersonOut(BaseModel):
    id: int
    name: str


class HomeEntryOut(BaseModel):
    programme: str
    kind: str
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime | None
    place: str
    url: str


class HomeFigureOut(BaseModel):
    label: str
    value: str
    unit: str


class HomeCardOut(BaseModel):
    programme: str
    title: str
    figures: list[HomeFigureOut]
    lines: list[str]
    url: str
    link_label: str


class HomeActionOut(BaseModel):
    programme: str
    label: str
    url: str


class HomeOut(BaseModel):
    person: HomePersonOut | None
    upcoming: list[HomeEntryOut]
    more_upcoming: int
    cards: list[HomeCardOut]
    actions: list[HomeActionOut]


@router.get("/home", response=HomeOut, summary="我的首页：各项服务中与本人有关的事项、记录和可办事项")
@signed_in
def home(request: HttpRequest, response: HttpResponse) -> dict[str, Any]:
    found = home_of(request_actor(request))
    person = found.person
    # One's own appointments and cases: not for a shared cache.
    response["Cache-Control"] = "no-store, private"
    return {
        "person": {"id": person.pk, "name": person.name} if person is not None else None,
        "upcoming": [
            {
                "programme": e.programme,
                "kind": e.kind,
                "title": e.title,
                "starts_at": e.starts_at,
                "ends_at": e.ends_at,
                "place": e.place,
                "url": e.url,
            }
            for e in found.upcoming
        ],
        "more_upcoming": found.more_upcoming,
        "cards": [
            {
                "programme": c.programme,
                "title": c.title,
                "figures": [{"label": f.label, "value": f.value, "unit": f.unit} for f in c.figures],
                "lines": list(c.lines),
                "url": c.url,
                "link_label": c.link_label,
            }
            for c in found.cards
        ],
        "actions": [{"programme": a.programme, "label": a.label, "url": a.url} for a in found.actions],
    }
