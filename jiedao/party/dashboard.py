"""Party building's figures on the staff dashboard (``core.charts``), for the party
roles (``access.can_read``) over their sub-district:

- study hours by branch: each member's hours of the ledger's year
  (``selectors.ledger``, the study-hour ledger's own rule) summed per branch, with
  how many members have reached their target; a fixed number of queries. The whole
  ledger of a large district takes seconds (``bench/dashboards_page.py``: 20 000
  members, 2–5 s), so above ``LARGE`` members its sums are kept ``KEEP_SECONDS`` in
  the cache and the page says so; a small one is always read fresh;
- the 凝新 三个一: how many 三新 newcomers have done each step
  (``selectors.missing_counts``, one query).
"""

from collections import defaultdict
from collections.abc import Iterator
from decimal import Decimal

from django.core.cache import cache
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from jiedao.accounts.access import staff_tenant
from jiedao.accounts.actor import Actor
from jiedao.core.charts import Chart, Figure, Tile, year_note
from jiedao.party.access import can_read, members_visible_to
from jiedao.party.models import PartyMember
from jiedao.party.selectors.hours import default_year, ledger, members_of_year
from jiedao.party.selectors.steps import EVERYONE, MISSING_NONE, STEPS, missing_counts

LARGE = 2000  # members
KEEP_SECONDS = 600


def branch_hours(
    members: QuerySet[PartyMember], *, year: int, tenant: int
) -> tuple[dict[str, Decimal], dict[str, int]]:
    """Per branch: the members' study hours of ``year`` and how many reached their target."""
    hours: dict[str, Decimal] = defaultdict(Decimal)
    reached: dict[str, int] = defaultdict(int)
    for row in ledger(members_of_year(members, year), year=year, subdistrict_id=tenant):
        hours[row.branch_name] += row.hours
        reached[row.branch_name] += 0 if row.shortfall > 0 else 1
    return dict(hours), dict(reached)


def figures(actor: Actor) -> Iterator[Figure]:
    tenant = staff_tenant(actor)
    if tenant is None or not can_read(actor):
        return
    members = members_visible_to(actor)
    year = default_year(tenant)
    note = year_note(year)
    count = members_of_year(members, year).count()
    if count > LARGE:
        key = f"dashboards:party:{tenant}:{year}"
        kept = cache.get(key)
        if kept is None:
            kept = branch_hours(members, year=year, tenant=tenant)
            cache.set(key, kept, KEEP_SECONDS)
        hours, reached = kept
        note = _("%(year)s年，每%(minutes)s分钟更新") % {"year": year, "minutes": KEEP_SECONDS // 60}
    else:
        hours, reached = branch_hours(members, year=year, tenant=tenant)
    branches = sorted(hours)
    url = reverse("party:ledger")
    yield Tile("members", _("党员"), count, _("人"), url=url, note=note)
    yield Tile("reached", _("学时达标"), sum(reached.values()), _("人"), url=url, note=note)
    yield Chart(
        key="hours",
        title=_("各支部学时"),
        kind="bar",
        horizontal=True,
        categories=branches,
        series=[(_("学时"), [hours[b] for b in branches])],
        unit=_("小时"),
        note=note,
        category_label=_("党支部"),
    )
    counts = missing_counts(members, subdistrict_id=tenant)
    yield Tile("newcomers", _("三新党员"), counts[EVERYONE], _("人"), url=reverse("party:onboarding"))
    yield Tile("onboarded", _("完成三个一"), counts[MISSING_NONE], _("人"), url=reverse("party:onboarding"))
    yield Chart(
        key="steps",
        title=_("“三个一”完成情况"),
        kind="bar",
        categories=[label for _key, label in STEPS],
        series=[
            (_("已完成"), [counts[EVERYONE] - counts[key] for key, _label in STEPS]),
            (_("未完成"), [counts[key] for key, _label in STEPS]),
        ],
        unit=_("人"),
        stacked=True,
        category_label=_("步骤"),
    )
