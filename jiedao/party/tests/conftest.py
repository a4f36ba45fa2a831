"""Shared set-up of the party tests and access rows.

``party_of(world)`` (made once per world, kept in ``world.extras``): the branch
秀苑居民区党总支 whose secretary is the ``worker`` persona (王秀英, a resident: she
reviews her branch's self-study); 乐跃明 a member of it with a self-study entry
waiting for review (with an evidence photo); the ``jobseeker`` persona (李建国) a
三新 member of a 两新 branch transferred in this year, with none of the 三个一 done;
the centre's studio and a lecture (half day) with 乐跃明 present.
"""

import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from jiedao.activities.models import Activity, Attendance, Session
from jiedao.org.models import Unit
from jiedao.party.models import Branch, Lecture, PartyMember, PartyStudio, StudyEntry
from jiedao.testing import World, make_unit


@dataclass
class PartySetup:
    xiuyuan: Branch
    enterprise: Branch
    secretary: PartyMember
    member: PartyMember
    newcomer: PartyMember
    centre: Unit
    studio: PartyStudio
    lecture: Lecture
    session: Session
    entry: StudyEntry


def png() -> ContentFile[bytes]:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, format="PNG")
    return ContentFile(buffer.getvalue(), name="note.png")


def pending_entry(setup: "PartySetup", *, evidence: bool = False) -> StudyEntry:
    entry = StudyEntry(
        subdistrict_id=setup.member.subdistrict_id,
        member=setup.member,
        source=StudyEntry.Source.SELF_STUDY,
        title="自学党史",
        studied_on=timezone.localdate(),
        hours=Decimal(2),
        evidence_note="笔记",
    )
    if evidence:
        entry.evidence = png()
    entry.save()
    return entry


def build_party(w: World) -> PartySetup:
    sd = w.liangcheng
    top = Branch.objects.create(subdistrict=sd, name="党工委", kind=Branch.Kind.WORKING_COMMITTEE, sector="office")
    xiuyuan = Branch.objects.create(
        subdistrict=sd,
        name="秀苑居民区党总支",
        kind=Branch.Kind.GENERAL_BRANCH,
        sector=Branch.Sector.RESIDENTIAL,
        residential_area=w.xiuyuan,
        parent=top,
        secretary=w.people["worker"],
    )
    enterprise = Branch.objects.create(
        subdistrict=sd, name="非公企业联合党支部", sector=Branch.Sector.ENTERPRISE, parent=top
    )
    secretary = PartyMember.objects.create(subdistrict=sd, person=w.people["worker"], branch=xiuyuan)
    member = PartyMember.objects.create(
        subdistrict=sd, person=w.people["party_member"], branch=xiuyuan, joined_on=dt.date(1990, 7, 1)
    )
    newcomer = PartyMember.objects.create(
        subdistrict=sd,
        person=w.people["jobseeker"],
        branch=enterprise,
        category="new_economic",
        transferred_in_on=timezone.localdate() - dt.timedelta(days=10),
        transferred_in_from="浦东新区某街道党工委",
        transfer_letter="2020-0117",
    )
    centre = make_unit(sd, "党群服务中心", kind=Unit.Kind.OFFICE)
    studio = PartyStudio.objects.create(subdistrict=sd, name="凝新工作室", unit=centre)
    activity = Activity.objects.create(subdistrict=sd, kind=Activity.Kind.LECTURE, title="四史党课", organiser=centre)
    lecture = Lecture.objects.create(
        subdistrict=sd,
        activity=activity,
        topic="新中国史",
        speaker_kind=Lecture.SpeakerKind.LEADER,
        speaker=w.people["party_member"],
        speaker_title="街道党工委书记",
        format=Lecture.Format.HALF_DAY,
    )
    start = timezone.now() - dt.timedelta(days=1)
    session = Session.objects.create(
        subdistrict=sd, activity=activity, starts_at=start, ends_at=start + dt.timedelta(hours=2), place="秀苑"
    )
    Attendance.objects.create(
        subdistrict=sd, session=session, person=w.people["party_member"], method="manual", signed_in_at=start
    )
    setup = PartySetup(xiuyuan, enterprise, secretary, member, newcomer, centre, studio, lecture, session, None)  # type: ignore[arg-type]
    setup.entry = pending_entry(setup, evidence=True)
    return setup


def party_of(w: World) -> PartySetup:
    found = w.extras.get("party")
    if not isinstance(found, PartySetup):
        found = build_party(w)
        w.extras["party"] = found
    return found


@pytest.fixture
def party(world: World) -> PartySetup:
    return party_of(world)
