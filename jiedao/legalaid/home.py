"""What 职工法律援助 shows on a resident's home (``jiedao.core.home``): how many of the
person's own cases are in progress and how many are finished, and asking for legal aid.

No case is shown here: a resident reads their cases (stage, employer, steps) only
behind a fresh proof, and every read is audited (``legalaid.views.cases``); the card
links to that page. The counts come from the programme's own scope
(``access.cases_visible_to``), narrowed to the person's own cases (a handler who is
also a resident sees their own, not their caseload)."""

from collections.abc import Iterator

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from jiedao.accounts.actor import Actor
from jiedao.core.home import HomeAction, HomeCard, HomeFigure, HomeItem
from jiedao.legalaid import access
from jiedao.legalaid.models import FINAL_STAGES
from jiedao.people.models import Person


def home(actor: Actor, person: Person) -> Iterator[HomeItem]:
    counts = (
        access.cases_visible_to(actor)
        .filter(person=person)
        .aggregate(
            open=Count("pk", filter=~Q(stage__in=FINAL_STAGES)), done=Count("pk", filter=Q(stage__in=FINAL_STAGES))
        )
    )
    in_progress, finished = counts["open"], counts["done"]
    if in_progress or finished:
        yield HomeCard(
            title=_("法律援助"),
            figures=(
                HomeFigure(_("办理中"), str(in_progress)),
                HomeFigure(_("已办结"), str(finished)),
            ),
            lines=(_("查看案件进展前需要再次验证身份。"),),
            url=reverse("legalaid:index"),
            link_label=_("我的法律援助"),
        )
    yield HomeAction(label=_("申请法律援助"), url=reverse("legalaid:open"))
