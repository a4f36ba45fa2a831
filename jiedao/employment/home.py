"""What 就业服务 shows on a resident's home (``jiedao.core.home``): the person's own
job-seeker registration as ``employment:mine`` shows it (open or closed, the work
wanted, how many guidance sessions and job referrals). Nothing without a
registration: one is made at the desk, not from a phone."""

from collections.abc import Iterator

from django.urls import reverse
from django.utils.translation import gettext as _

from jiedao.accounts.actor import Actor
from jiedao.core.home import HomeCard, HomeFigure, HomeItem
from jiedao.employment import access
from jiedao.people.models import Person


def home(actor: Actor, person: Person) -> Iterator[HomeItem]:
    registration = access.my_registration(actor)
    if registration is None or registration.person_id != person.pk:
        return
    lines = [
        _("登记日期：%(date)s") % {"date": registration.registered_on.isoformat()},
        _("已注销") if registration.closed_on else _("登记有效"),
    ]
    if registration.desired_work:
        lines.append(_("求职意向：%(work)s") % {"work": registration.desired_work})
    yield HomeCard(
        title=_("我的求职登记"),
        figures=(
            HomeFigure(_("职业指导"), str(access.my_guidance(registration).count())),
            HomeFigure(_("岗位推荐"), str(access.my_referrals(registration).count())),
        ),
        lines=tuple(lines),
        url=reverse("employment:mine"),
        link_label=_("查看求职登记"),
    )
