"""Training's figures on the staff dashboard (``core.charts``), for those who see the
classes (``access.classes_visible_to``: the labour office and the admin every class of
the sub-district, a provider its own):

- per class running this year (starting or ending in it): trainees who took up their
  seat (enrolled, completed, not completed), and once the class is assessed (结业评定)
  the completion rate (completed / assessed) and the certificate rate (a completion
  certificate not revoked / assessed) — the rates page's rule (``employment.rates``:
  every trainee of an assessed class, completed or not); a class not assessed yet
  has no rate ("—"), never 0 %; one query;
- subsidies applied for this year, claimed and paid, from the subsidy ledger
  (``services.subsidies.ledger``), for those who oversee them (``access.oversees``);
  one query.
"""

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jiedao.accounts.actor import Actor
from jiedao.core.charts import Chart, Figure, Tile, year_note
from jiedao.core.numbers import percent
from jiedao.training.access import claims_visible_to, classes_visible_to, oversees
from jiedao.training.models import Enrolment
from jiedao.training.services.subsidies import ledger

# Trainees who took up their seat: not those waiting, offered one, or withdrawn.
TOOK_UP = (Enrolment.Status.ENROLLED, Enrolment.Status.COMPLETED, Enrolment.Status.NOT_COMPLETED)
# Trainees of an assessed class (the rates' denominator).
ASSESSED = (Enrolment.Status.COMPLETED, Enrolment.Status.NOT_COMPLETED)


def figures(actor: Actor, *, today: dt.date | None = None) -> Iterator[Figure]:
    if not actor.is_staff_member:
        return
    classes = classes_visible_to(actor)
    year = (today or timezone.localdate()).year
    note = year_note(year)
    of_year = classes.filter(Q(starts_on__year=year) | Q(ends_on__year=year))
    rows = list(
        of_year.annotate(
            trainees=Count("enrolments", filter=Q(enrolments__status__in=TOOK_UP), distinct=True),
            assessed=Count("enrolments", filter=Q(enrolments__status__in=ASSESSED), distinct=True),
            completed=Count("enrolments", filter=Q(enrolments__status=Enrolment.Status.COMPLETED), distinct=True),
            certified=Count(
                "enrolments",
                filter=Q(
                    enrolments__status__in=ASSESSED,
                    enrolments__certificate__isnull=False,
                    enrolments__certificate__revoked_at__isnull=True,
                ),
                distinct=True,
            ),
        )
        .values_list("name", "trainees", "completed", "certified", "assessed")
        .order_by("starts_on", "name", "pk")
    )
    if not rows and not oversees(actor):
        return
    url = reverse("training:index")
    yield Tile("classes", _("本年培训班"), len(rows), url=url, note=note)
    yield Tile("trainees", _("学员"), sum(r[1] for r in rows), _("人"), url=url, note=note)
    yield Chart(
        key="rates",
        title=_("各培训班结业率与取证率"),
        kind="bar",
        horizontal=True,
        categories=[r[0] for r in rows],
        series=[
            (_("结业率"), [percent(r[2], r[4]) for r in rows]),
            (_("取证率"), [percent(r[3], r[4]) for r in rows]),
        ],
        unit="%",
        note=note,
        category_label=_("培训班"),
    )
    yield Chart(
        key="enrolment",
        title=_("各培训班学员人数"),
        kind="bar",
        horizontal=True,
        categories=[r[0] for r in rows],
        series=[
            (_("学员"), [r[1] for r in rows]),
            (_("结业"), [r[2] for r in rows]),
            (_("取证"), [r[3] for r in rows]),
        ],
        unit=_("人"),
        note=note,
        category_label=_("培训班"),
    )
    if not oversees(actor):
        return
    lines = ledger(claims_visible_to(actor), year)
    subsidies = reverse("training:ledger")
    claimed = sum((line.claimed for line in lines), Decimal(0))
    yield Tile("claimed", _("申请补贴"), claimed, _("元"), url=subsidies, note=note)
    yield Tile(
        "paid", _("已拨付补贴"), sum((line.paid for line in lines), Decimal(0)), _("元"), url=subsidies, note=note
    )
    yield Chart(
        key="subsidies",
        title=_("各培训机构补贴"),
        kind="bar",
        horizontal=True,
        categories=[line.provider for line in lines],
        series=[
            (_("申请"), [line.claimed for line in lines]),
            (_("审核通过"), [line.approved for line in lines]),
            (_("已拨付"), [line.paid for line in lines]),
        ],
        unit=_("元"),
        note=note,
        category_label=_("培训机构"),
    )
