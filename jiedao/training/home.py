"""What 职业技能培训 shows on a resident's home (``jiedao.core.home``): the next sessions
of the classes the person is in, their classes with the hours attended and their
certificates, as on ``training:mine``; accepting a place offered from the waiting
list, and enrolling in a class open for enrolment that they have not applied to yet."""

from collections.abc import Iterator

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jiedao.accounts.actor import Actor
from jiedao.activities.models import Session
from jiedao.core.home import HomeAction, HomeCard, HomeEntry, HomeFigure, HomeItem
from jiedao.people.models import Person
from jiedao.training import selectors
from jiedao.training.models import Enrolment

MAX_SESSIONS = 5
MAX_LINES = 3


def home(actor: Actor, person: Person) -> Iterator[HomeItem]:
    url = reverse("training:mine")
    found = selectors.my_enrolments(person)
    attending = {
        m.enrolment.training_class.activity_id: m.enrolment.training_class
        for m in found
        if m.enrolment.status == Enrolment.Status.ENROLLED
    }
    if attending:
        sessions = Session.objects.filter(activity_id__in=attending, ends_at__gt=timezone.now()).order_by(
            "starts_at", "id"
        )[:MAX_SESSIONS]
        for session in sessions:
            training_class = attending[session.activity_id]
            yield HomeEntry(
                title=training_class.name,
                starts_at=session.starts_at,
                ends_at=session.ends_at,
                kind=_("培训课"),
                place=session.place or training_class.place,
                url=url,
            )
    if found:
        certificates = [m.certificate for m in found if m.certificate is not None and m.certificate.revoked_at is None]
        lines = tuple(
            _("%(name)s：%(status)s，已上 %(done)s / %(required)s 学时")
            % {
                "name": m.enrolment.training_class.name,
                "status": m.enrolment.get_status_display(),
                "done": m.hours_attended,
                "required": m.hours_required,
            }
            for m in found[:MAX_LINES]
        )
        yield HomeCard(
            title=_("我的培训"),
            figures=(
                HomeFigure(_("培训班"), str(len(found))),
                HomeFigure(_("结业证书"), str(len(certificates))),
            ),
            lines=lines,
            url=url,
            link_label=_("查看我的培训"),
        )
    for m in found:  # a place offered from the waiting list: accepted on their page
        if m.enrolment.status == Enrolment.Status.OFFERED:
            yield HomeAction(label=_("确认入班：%(name)s") % {"name": m.enrolment.training_class.name}, url=url)
    taken = [m.enrolment.training_class_id for m in found]
    if selectors.classes_of(actor.subdistrict_id, open_only=True).exclude(pk__in=taken).exists():
        yield HomeAction(label=_("报名参加培训"), url=url)
