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


def test_hours_typed_are_rounded_half_up_to_a_tenth(world: World, party: PartySetup) -> None:
    """2.25 h is 2.3 and 0.05 h is 0.1 (half-even gave 2.2 and 0.0, refused as zero)."""
    office = actor(world, "party")
    entry = services.external_create(
        actor=office, member=party.member, title="区委党校轮训", studied_on=timezone.localdate(), hours="2.25"
    )
    assert entry.hours == Decimal("2.3")
    small = services.external_create(
        actor=office, member=party.member, title="线上微党课", studied_on=timezone.localdate(), hours="0.05"
    )
    assert small.hours == Decimal("0.1")
    override = services.target_set(actor=office, member=party.member, year=2020, hours="16.25", reason="年中转入")
    assert override.hours == Decimal("16.3")
    rules = services.rules_update(
        actor=office, full_day_hours="7.95", half_day_hours="3.45", member_target="32", leader_target="56"
    )
    assert (rules.full_day_hours, rules.half_day_hours) == (Decimal("8.0"), Decimal("3.5"))


@pytest.mark.parametrize("typed", ["两", "1e30"])  # 1e30 overflowed the rounding: a 500
def test_hours_that_are_no_number_are_refused_with_a_message(world: World, party: PartySetup, typed: str) -> None:
    with pytest.raises(ValidationError) as caught:
        services.external_create(
            actor=actor(world, "party"), member=party.member, title="培训", studied_on=timezone.localdate(), hours=typed
        )
    assert caught.value.message_dict["hours"] == ["请填写学时数。"]


def test_a_secretary_reviews_only_her_branchs_current_members(world: World, party: PartySetup) -> None:
    """The scope of a branch secretary: not another branch's entries, not those of a
    member since transferred out, and nothing once she is transferred out herself."""
    from jiedao.party import access

    worker = actor(world, "worker")
    other = StudyEntry.objects.create(
        subdistrict=world.liangcheng,
        member=party.newcomer,  # 非公企业联合党支部, not hers
        source=StudyEntry.Source.SELF_STUDY,
        title="自学",
        studied_on=timezone.localdate(),
        hours=Decimal(2),
        evidence_note="笔记",
    )
    assert set(access.entries_to_review(worker)) == {party.entry}
    with pytest.raises(Forbidden):
        services.entry_review(actor=worker, entry=other, approve=True)
    # 乐跃明 moves to another district: his waiting entry is no longer hers to judge.
    PartyMember.objects.filter(pk=party.member.pk).update(
        transferred_out_on=timezone.localdate(), transferred_out_to="外区"
    )
    assert not access.entries_to_review(worker).exists()
    PartyMember.objects.filter(pk=party.member.pk).update(transferred_out_on=None, transferred_out_to="")
    # She herself is transferred out: she reviews nothing, though still named secretary.
    PartyMember.objects.filter(pk=party.secretary.pk).update(
        transferred_out_on=timezone.localdate(), transferred_out_to="外区"
    )
    assert not access.is_secretary(worker) and not access.entries_to_review(worker).exists()
    with pytest.raises(Forbidden):
        services.entry_review(actor=worker, entry=party.entry, approve=True)


def test_a_secretary_must_be_a_current_party_member(world: World, party: PartySetup) -> None:
    office = actor(world, "party")
    outsider = make_person(world.liangcheng, "钱晓燕")
    with pytest.raises(ValidationError) as caught:
        services.branch_set_secretary(actor=office, branch=party.enterprise, secretary=outsider)
    assert caught.value.message_dict["secretary"] == ["书记须是本街道的在册党员。"]
    with pytest.raises(ValidationError):
        services.branch_create(
            actor=office, name="新就业群体党支部", kind="branch", sector="new_employment", secretary=outsider
        )
    services.branch_set_secretary(actor=office, branch=party.enterprise, secretary=party.newcomer.person)
    party.enterprise.refresh_from_db()
    assert party.enterprise.secretary == party.newcomer.person
