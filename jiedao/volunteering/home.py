"""What 公益服务 shows on a resident's home (``jiedao.core.home``): the shifts the
person has claimed (or been offered from the waiting list) still to come, their hours
of this year and their certificates, as on ``volunteering:mine``; and claiming a shift
when one is open."""

from collections.abc import Iterator

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jiedao.accounts.actor import Actor
from jiedao.core.home import HomeAction, HomeCard, HomeEntry, HomeFigure, HomeItem
from jiedao.people.models import Person
from jiedao.volunteering import selectors
from jiedao.volunteering.models import Certificate, Claim

UPCOMING = (Claim.Status.CLAIMED, Claim.Status.OFFERED)
MAX_SHIFTS = 5


def home(actor: Actor, person: Person) -> Iterator[HomeItem]:
    url = reverse("volunteering:mine")
    claims = (
        selectors.own_claims(person)
        .filter(status__in=UPCOMING, shift__session__ends_at__gt=timezone.now())
        .order_by("shift__session__starts_at", "id")[:MAX_SHIFTS]
    )
    for claim in claims:
        session = claim.shift.session
        title = claim.shift.task.activity.title
        if claim.status == Claim.Status.OFFERED:
            title = _("%(task)s（候补递补，待您确认）") % {"task": title}
        yield HomeEntry(
            title=title,
            starts_at=session.starts_at,
            ends_at=session.ends_at,
            kind=_("公益服务"),
            place=session.place,
            url=url,
        )
    year = selectors.hours_of_year(person, timezone.localdate().year)
    certificates = Certificate.objects.filter(person=person).aggregate(n=Count("pk"))["n"]
    if year.records or certificates:
        lines = [_("待审核 %(hours)s 小时") % {"hours": year.pending}] if year.pending else []
        yield HomeCard(
            title=_("%(year)s年志愿服务") % {"year": year.year},
            figures=(
                HomeFigure(_("服务时长"), str(year.verified), _("小时")),
                HomeFigure(_("服务证明"), str(certificates)),
            ),
            lines=tuple(lines),
            url=url,
            link_label=_("我的公益服务"),
        )
    if selectors.shifts_between(person.subdistrict_id, None, None).exists():
        yield HomeAction(label=_("认领公益服务"), url=reverse("volunteering:index"))
