"""What 党建 shows on a resident's home (``jiedao.core.home``): to a current party
member only, this year's study hours against the target and, for a 三新 member
transferred in, their 三个一 steps, as on ``party:me``; and recording self-study.
Anyone else (not a member, or transferred out) gets nothing: the home says nothing
about party membership to whoever is not a member."""

from collections.abc import Iterator

from django.urls import reverse
from django.utils.translation import gettext as _

from jiedao.accounts.actor import Actor
from jiedao.core.home import HomeAction, HomeCard, HomeFigure, HomeItem
from jiedao.party import access, selectors
from jiedao.people.models import Person


def home(actor: Actor, person: Person) -> Iterator[HomeItem]:
    member = access.own_member(actor)
    if member is None or member.person_id != person.pk:
        return
    year = selectors.default_year(member.subdistrict_id)
    row = selectors.ledger([member], year=year, subdistrict_id=member.subdistrict_id)[0]
    url = reverse("party:me")
    lines = [member.branch.name]
    lines.append(_("尚差 %(hours)s 学时") % {"hours": row.shortfall} if row.shortfall else _("本年度学时已达标"))
    yield HomeCard(
        title=_("%(year)s年度学时") % {"year": year},
        figures=(
            HomeFigure(_("已完成"), str(row.hours), _("学时")),
            HomeFigure(_("目标"), str(row.target), _("学时")),
        ),
        lines=tuple(lines),
        url=url,
        link_label=_("我的学时"),
    )
    onboarding = selectors.onboarding_of(member)
    if onboarding is not None:
        done = len(onboarding.steps) - len(onboarding.missing)
        yield HomeCard(
            title=_("我的“三个一”"),
            figures=(HomeFigure(_("已完成"), f"{done}/{len(onboarding.steps)}"),),
            lines=tuple(_("待完成：%(step)s") % {"step": step.label} for step in onboarding.missing),
            url=url,
            link_label=_("查看“三个一”"),
        )
    yield HomeAction(label=_("登记自学学时"), url=reverse("party:study_submit"))
