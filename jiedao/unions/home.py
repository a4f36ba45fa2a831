"""What the union programme shows on a resident's home (``jiedao.core.home``): their
membership (in the union, or an application under review) as on ``unions:join``, and
applying to join when they are neither a member nor waiting for an answer (and the
sub-district has a union to join)."""

from collections.abc import Iterator

from django.urls import reverse
from django.utils.translation import gettext as _

from jiedao.accounts.actor import Actor
from jiedao.core.home import HomeAction, HomeCard, HomeItem
from jiedao.people.models import Person
from jiedao.unions.models import OPEN_STATUSES, MembershipStatus
from jiedao.unions.selectors import network


def home(actor: Actor, person: Person) -> Iterator[HomeItem]:
    history = network.history_of(person)
    current = next((m for m in history if m.status in (MembershipStatus.ACTIVE, *OPEN_STATUSES)), None)
    url = reverse("unions:join")
    if current is None:
        if network.base_unions(person.subdistrict_id).exists():  # a union to join
            yield HomeAction(label=_("申请加入工会"), url=url)
        return
    lines = [current.union.name]
    if current.status == MembershipStatus.ACTIVE and current.joined_on is not None:
        lines.append(_("入会日期：%(date)s") % {"date": current.joined_on.isoformat()})
    if current.card_number:
        lines.append(_("会员证号：%(number)s") % {"number": current.card_number})
    yield HomeCard(
        title=_("工会会员"),
        lines=(str(current.get_status_display()), *lines),
        url=url,
        link_label=_("我的入会记录"),
    )
