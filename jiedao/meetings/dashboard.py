"""The joint meetings' figures on the staff dashboard (``core.charts``): meetings held
in the year of the latest meeting held (this year once one has been) and their
attendance rate by attendee category, for the offices that manage the meetings
(``access.can_manage``), over their sub-district.

A meeting is held when its first session has started (``selectors.meeting_list``'s
``starts_at``). The attendance rate of a category: invitations of that category (not
cancelled; a declined one counts, the invitee did not come) whose person signed in at
the meeting, over those invitations — a walk-in raises no rate above 100 %. Three
queries whatever the number of meetings.
"""

import datetime as dt
from collections.abc import Iterator

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jiedao.accounts.actor import Actor
from jiedao.activities.models import Attendance, AttendeeCategory, Registration
from jiedao.core.charts import Chart, Figure, Tile, year_note
from jiedao.core.ledgers import Period
from jiedao.core.numbers import percent
from jiedao.meetings.access import can_manage
from jiedao.meetings.selectors import meeting_list


def figures(actor: Actor, *, now: dt.datetime | None = None) -> Iterator[Figure]:
    if not can_manage(actor):
        return
    now = now or timezone.now()
    held = meeting_list(actor).filter(starts_at__lte=now)  # type: ignore[misc]  # annotated
    latest = held.values_list("starts_at", flat=True).first()  # type: ignore[misc]  # annotated, latest first
    year = timezone.localtime(latest or now).year
    start, end = Period(year).bounds()
    of_year = held.filter(starts_at__gte=start, starts_at__lt=end)  # type: ignore[misc]  # annotated
    activity_ids = list(of_year.values_list("activity_id", flat=True))
    # Came: the invited person signed in, or someone signed in on this invitation, or, for
    # a unit asked to send someone (no person named), someone of that unit signed in.
    present = Attendance.objects.filter(session__activity_id=OuterRef("activity_id")).filter(
        Q(person_id=OuterRef("person_id"))
        | Q(registration_id=OuterRef("pk"))
        | Q(person__employer_id=OuterRef("unit_id"), person__employer_id__isnull=False)
    )
    rows = {
        row["category"]: row
        for row in Registration.objects.filter(activity_id__in=activity_ids)
        .exclude(status=Registration.Status.CANCELLED)
        .annotate(came=Exists(present))
        .values("category")
        .annotate(invited=Count("pk"), came_n=Count("pk", filter=Q(came=True)))
        .order_by()
    }
    note = year_note(year, to_date=year == timezone.localtime(now).year)
    count = len(activity_ids)
    invited = sum(r["invited"] for r in rows.values())
    came = sum(r["came_n"] for r in rows.values())
    yield Tile("held", _("已召开会议"), count, _("次"), url=reverse("meetings:index"), note=note)
    yield Tile("rate", _("出席率"), percent(came, invited), "%", note=note)
    categories = [(value, label) for value, label in AttendeeCategory.choices if value in rows]
    yield Chart(
        key="attendance",
        title=_("各类别出席率"),
        kind="bar",
        categories=[label for _value, label in categories],
        series=[(_("出席率"), [percent(rows[value]["came_n"], rows[value]["invited"]) for value, _l in categories])],
        unit="%",
        note=note,
        category_label=_("类别"),
    )
    yield Chart(
        key="invited",
        title=_("各类别应邀与实到人数"),
        kind="bar",
        categories=[label for _value, label in categories],
        series=[
            (_("应邀"), [rows[value]["invited"] for value, _l in categories]),
            (_("实到"), [rows[value]["came_n"] for value, _l in categories]),
        ],
        unit=_("人"),
        note=note,
        category_label=_("类别"),
    )
