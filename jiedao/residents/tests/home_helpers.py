"""A person with something in every programme, for the tests of the resident's home
(``residents.home``): 王秀英 (the worker persona) is invited to a meeting next week,
has a counselling appointment, is a union member, has a legal-aid case, is a party
member (秀苑's secretary), has claimed a volunteer shift (and has verified hours from
an earlier one), is in a training class that meets later, and is registered as a job
seeker. Built through the programmes' own test builders."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from jiedao.activities.models import Activity, Registration
from jiedao.activities.tests.helpers import meeting, session_of
from jiedao.counselling.tests.conftest import build_counselling
from jiedao.employment.models import Availability, Education, JobSeeker
from jiedao.legalaid.tests.factories import legal_aid_of
from jiedao.party.tests.conftest import party_of
from jiedao.testing import World
from jiedao.training.tests.helpers import seat, training_of
from jiedao.unions.models import Membership, MembershipStatus
from jiedao.unions.tests.conftest import unions_of
from jiedao.volunteering.models import Claim, ServiceRecord
from jiedao.volunteering.tests.conftest import build_volunteering

MEETING = "街道与工会联席会议"


@dataclass
class Everything:
    meeting: Activity


def everything_for_worker(w: World) -> Everything:
    worker = w.people["worker"]
    sd = w.liangcheng
    # activities: a meeting in a week, the worker invited
    activity = meeting(w, title=MEETING)
    session_of(w, activity, hours_from_now=24 * 7)
    Registration.objects.create(subdistrict=sd, activity=activity, person=worker)
    # counselling: an appointment at least two days ahead (the builder books it)
    build_counselling(w)
    # unions: a member of 嘉春's union
    union = unions_of(w).jiachun_union
    Membership.objects.create(
        subdistrict=sd,
        person=worker,
        union=union,
        employer=w.jiachun,
        status=MembershipStatus.ACTIVE,
        card_number="GH-WANG",
        joined_on=dt.date(2019, 5, 1),
    )
    # legal aid: the worker's case (and 陈懿's, which is not hers)
    legal_aid_of(w)
    # party: the worker is 秀苑's secretary and a member
    party_of(w)
    # volunteering: the shift in three days claimed, two hours verified of an earlier one
    vol = build_volunteering(w)
    Claim.objects.create(subdistrict=sd, shift=vol.shift, person=worker)
    if timezone.localtime(vol.past.session.starts_at).year == timezone.localdate().year:
        ServiceRecord.objects.create(
            subdistrict=sd,
            claim=vol.past_claim,
            source=ServiceRecord.Source.ATTENDANCE,
            hours=Decimal(2),
            status=ServiceRecord.Status.VERIFIED,
            verified_by=w.users["centre"],
            verified_at=timezone.now(),
        )
    # training: a seat in the class that meets in ten days
    seat(training_of(w).upcoming, worker.pk)
    # employment: a registration of her own
    JobSeeker.objects.create(
        subdistrict=sd,
        person=worker,
        registered_on=dt.date(2020, 9, 1),
        education=Education.SENIOR,
        desired_work="软装设计",
        availability=Availability.FULL_TIME,
    )
    return Everything(meeting=activity)
