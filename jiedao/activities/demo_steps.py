"""Demo of the activities core beyond meetings: a training class (培训课, which signs
out as well as in) with a session today, so that QR sign-in and sign-out can be tried
at once with the ``worker`` login (invited) and the ``union`` login (the organiser).

Invented for the demo: the class, its title, place and times. Runs after the meetings
step and goes through the same services, as the demo's union federation account.
"""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from jiedao.accounts.actor import actor_for
from jiedao.activities import services
from jiedao.activities.models import Activity, Registration, Session
from jiedao.demo.loader import DemoContext, demo_step

TITLE = "职工法律知识培训班"
ORGANISER = "街道总工会"
PLACE = "凉城新村街道社区党群服务中心 二楼培训室"


@demo_step("activities", after=("accounts", "meetings"))
def load_activities(ctx: DemoContext) -> None:
    organiser = ctx.units.get(ORGANISER)
    user = ctx.users.get("union")
    if organiser is None or user is None:
        ctx.warnings.append(_("缺少“%(unit)s”单位或 union 账号，未创建演示培训班。") % {"unit": ORGANISER})
        return
    actor = actor_for(user)
    activity = Activity.objects.filter(subdistrict=ctx.subdistrict, kind=Activity.Kind.CLASS, title=TITLE).first()
    if activity is None:
        activity = services.activity_create(
            actor=actor,
            kind=Activity.Kind.CLASS,
            title=TITLE,
            organiser=organiser,
            description="面向辖区职工的劳动法律知识培训，需签到、签退，以便统计学时。",
        )
        ctx.count(activity)
    # One session today, 08:00–20:00 local time, whenever the demo is loaded: there is
    # always a session on to scan into.
    today = timezone.localdate()
    start = timezone.make_aware(dt.datetime.combine(today, dt.time(8, 0)))
    if not Session.objects.filter(activity=activity, starts_at=start).exists():
        services.session_create(
            actor=actor, activity=activity, starts_at=start, ends_at=start + dt.timedelta(hours=12), place=PLACE
        )
        ctx.count(Session)
    for key in ("worker", "jobseeker"):
        person = ctx.people.get(key)
        if person is not None and not Registration.objects.filter(activity=activity, person=person).exists():
            services.invite(actor=actor, activity=activity, person=person)
            ctx.count(Registration)
