"""Members, self-study and its review by the branch secretary, external training,
lectures with invitations by branch, the audited read of a member's record."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from jiedao.accounts.actor import Actor, actor_for
from jiedao.activities.models import Activity, Registration
from jiedao.core.errors import Conflict, Forbidden
from jiedao.core.models import AuditEntry
from jiedao.party import services
from jiedao.party.models import Lecture, PartyMember, StudyEntry
from jiedao.party.tests.conftest import PartySetup, pending_entry, png
from jiedao.testing import World, make_person

pytestmark = pytest.mark.django_db


def actor(world: World, key: str) -> Actor:
    return actor_for(world.users[key])


def test_a_member_submits_self_study_and_the_secretary_approves_it(world: World, party: PartySetup) -> None:
    # 乐跃明 gets an account to submit from his phone.
    party.member.person.user = world.users["jobseeker"]
    party.newcomer.person.user = None
    party.newcomer.person.save()
    party.member.person.save()
    entry = services.entry_submit(
        actor=actor(world, "jobseeker"),
        title="自学《中国共产党简史》",
        studied_on=timezone.localdate(),
        hours="3",
        evidence=png(),  # type: ignore[arg-type]
    )
    assert entry.member == party.member and entry.status == StudyEntry.Status.SUBMITTED and entry.evidence
    reviewed = services.entry_review(actor=actor(world, "worker"), entry=entry, approve=True)
    assert reviewed.status == StudyEntry.Status.APPROVED and reviewed.reviewed_by == world.users["worker"]
    with pytest.raises(Conflict):
        services.entry_review(actor=actor(world, "worker"), entry=entry, approve=False, note="重复")


def test_self_study_needs_evidence_a_past_date_and_sane_hours(world: World, party: PartySetup) -> None:
    secretary = actor(world, "worker")  # 王秀英 is a member too
    with pytest.raises(ValidationError) as caught:
        services.entry_submit(
            actor=secretary, title="", studied_on=timezone.localdate() + dt.timedelta(days=1), hours="25"
        )
    assert set(caught.value.message_dict) == {"title", "studied_on", "hours"}
    with pytest.raises(ValidationError) as caught:
        services.entry_submit(actor=secretary, title="学习", studied_on=timezone.localdate(), hours="2")
    assert set(caught.value.message_dict) == {"evidence_note"}


def test_only_the_branch_secretary_reviews_and_a_rejection_says_why(world: World, party: PartySetup) -> None:
    entry = pending_entry(party)
    with pytest.raises(Forbidden):
        services.entry_review(actor=actor(world, "jobseeker"), entry=entry, approve=True)
    with pytest.raises(Forbidden):
        services.entry_review(actor=actor(world, "party"), entry=entry, approve=True)
    with pytest.raises(ValidationError):
        services.entry_review(actor=actor(world, "worker"), entry=entry, approve=False)
    rejected = services.entry_review(actor=actor(world, "worker"), entry=entry, approve=False, note="无学习记录")
    assert rejected.status == StudyEntry.Status.REJECTED


def test_a_secretary_does_not_approve_her_own_entry(world: World, party: PartySetup) -> None:
    own = services.entry_submit(
        actor=actor(world, "worker"), title="自学", studied_on=timezone.localdate(), hours="2", evidence_note="笔记"
    )
    with pytest.raises(Forbidden):
        services.entry_review(actor=actor(world, "worker"), entry=own, approve=True)


def test_someone_not_a_member_cannot_submit(world: World, party: PartySetup) -> None:
    with pytest.raises(services.NotAMember):
        services.entry_submit(actor=actor(world, "union"), title="学习", studied_on=timezone.localdate(), hours="2")


def test_external_training_is_the_party_offices_and_counts_at_once(world: World, party: PartySetup) -> None:
    entry = services.external_create(
        actor=actor(world, "party"),
        member=party.member,
        title="区委党校培训",
        studied_on=dt.date(2020, 7, 1),
        hours="8",
    )
    assert entry.status == StudyEntry.Status.APPROVED and entry.hours == Decimal(8)
    with pytest.raises(Forbidden):
        services.external_create(
            actor=actor(world, "centre"), member=party.member, title="培训", studied_on=dt.date(2020, 7, 1), hours="8"
        )


def test_reading_a_members_record_is_audited_and_party_facts_stay_out_of_the_log(
    world: World, party: PartySetup
) -> None:
    services.member_read(actor=actor(world, "centre"), member=party.member)
    entry = AuditEntry.objects.filter(object_type="party.partymember", action=AuditEntry.Action.REVEAL).get()
    assert entry.actor == world.users["centre"] and entry.object_id == str(party.member.pk)
    with pytest.raises(Forbidden):
        services.member_read(actor=actor(world, "union"), member=party.member)
    person = make_person(world.liangcheng, "新党员", roles={"is_party_member"})
    member = services.member_enrol(
        actor=actor(world, "party"),
        person=person,
        branch=party.xiuyuan,
        status=PartyMember.Status.PROBATIONARY,
        transferred_in_on=dt.date(2020, 5, 1),
        transferred_in_from="杨浦区某街道党工委",
        transfer_letter="2020-0999",
    )
    created = AuditEntry.objects.get(object_type="party.partymember", action=AuditEntry.Action.CREATE)
    assert "2020-0999" not in str(created.detail) and created.object_id == str(member.pk)
    with pytest.raises(ValidationError):
        services.member_enrol(actor=actor(world, "party"), person=person, branch=party.xiuyuan)


def test_a_lecture_is_an_activity_with_its_branch_invited(world: World, party: PartySetup) -> None:
    start = timezone.now() + dt.timedelta(days=3)
    lecture = services.lecture_create(
        actor=actor(world, "party"),
        title="“四史”学习教育党课",
        organiser=party.centre,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        place="秀苑居民区党群服务站",
        branches=[party.xiuyuan],
        topic="新中国史",
        campaign="四史学习教育",
        speaker=party.member.person,
        speaker_title="街道党工委书记",
    )
    assert lecture.activity.kind == Activity.Kind.LECTURE and lecture.activity.sessions.count() == 1
    invited = set(Registration.objects.filter(activity=lecture.activity).values_list("person_id", flat=True))
    assert invited == {party.member.person_id, party.secretary.person_id}
    assert services.lecture_invite_branch(actor=actor(world, "centre"), lecture=lecture, branch=party.xiuyuan) == 2
    assert Registration.objects.filter(activity=lecture.activity).count() == 2
    with pytest.raises(ValidationError) as caught:
        services.lecture_create(
            actor=actor(world, "party"),
            title="党课",
            organiser=party.centre,
            starts_at=start,
            ends_at=start,
            place="",
            topic="",
            speaker_kind=Lecture.SpeakerKind.TEACHER,
        )
    assert {"topic", "speaker_name"} <= set(caught.value.message_dict)
    with pytest.raises(Forbidden):
        services.lecture_create(
            actor=actor(world, "union"), title="x", organiser=party.centre, starts_at=start, ends_at=start, place="x"
        )
