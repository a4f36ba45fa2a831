import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from jiedao.accounts.actor import actor_for
from jiedao.activities.models import Activity, Registration, Session
from jiedao.core.errors import Forbidden
from jiedao.core.models import AuditEntry
from jiedao.meetings import services
from jiedao.meetings.models import ActionItem, AgendaItem, RegulationVersion
from jiedao.meetings.tasks import remind_action_items, send_action_item_reminders
from jiedao.meetings.tests.helpers import MeetingWorld, meeting_world
from jiedao.testing import World

Status = RegulationVersion.Status


@pytest.fixture
def mw(world: World) -> MeetingWorld:
    return meeting_world(world)


def test_meeting_is_an_activity_with_a_session_and_invitations(world: World, mw: MeetingWorld) -> None:
    activity = mw.meeting.activity
    assert activity.kind == Activity.Kind.MEETING
    assert activity.organiser == world.office
    assert Session.objects.filter(activity=activity).count() == 1
    regs = Registration.objects.filter(activity=activity)
    assert regs.filter(person=world.people["party_member"], role=Registration.Role.HOST).exists()
    assert regs.filter(unit=world.jiachun, category="member_unit").exists()
    assert AuditEntry.objects.filter(object_type="meetings.meeting", object_id=str(mw.meeting.pk)).exists()


def test_only_offices_manage(world: World, mw: MeetingWorld) -> None:
    chair = actor_for(world.users["jiachun"])
    with pytest.raises(PermissionDenied):
        services.agenda_item_add(actor=chair, meeting=mw.meeting, kind="report", title="x")
    other = actor_for(world.users["other_admin"])
    with pytest.raises(PermissionDenied):
        services.agenda_item_add(actor=other, meeting=mw.meeting, kind="report", title="x")
    assert not mw.meeting.agenda.filter(title="x").exists()


def test_agenda_is_ordered_and_moves_and_closes_gaps(mw: MeetingWorld) -> None:
    def titles() -> list[str]:
        return list(mw.meeting.agenda.order_by("position").values_list("title", flat=True))

    first = titles()
    services.agenda_item_move(actor=mw.actor, item=mw.speech, direction="up", request=None)
    after = titles()
    assert after.index("讲话") == first.index("讲话") - 1
    services.agenda_item_move(actor=mw.actor, item=mw.report, direction="up")  # already first: nothing
    assert titles()[0] == "总工会工作情况通报"
    extra = services.agenda_item_add(actor=mw.actor, meeting=mw.meeting, kind="ceremony", title="揭牌")
    services.agenda_item_move(actor=mw.actor, item=mw.report, direction="down")
    services.agenda_item_delete(actor=mw.actor, item=extra)
    positions = list(mw.meeting.agenda.order_by("position").values_list("position", flat=True))
    assert positions == list(range(1, len(positions) + 1))


def test_votes_and_outcomes_are_validated_in_service_and_database(mw: MeetingWorld) -> None:
    with pytest.raises(ValidationError) as exc:
        services.agenda_item_add(actor=mw.actor, meeting=mw.meeting, kind="deliberation", title="x", votes_for=-1)
    assert "votes_for" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.agenda_item_add(actor=mw.actor, meeting=mw.meeting, kind="report", title="x", outcome="passed")
    assert "outcome" in exc.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        AgendaItem.objects.filter(pk=mw.deliberation.pk).update(votes_against=-3)
    with pytest.raises(IntegrityError), transaction.atomic():
        AgendaItem.objects.filter(pk=mw.report.pk).update(outcome="passed")


def test_adoption_that_passes_adopts_the_version_at_the_meeting(mw: MeetingWorld) -> None:
    version = mw.regulation.versions.get()
    assert version.status == Status.DRAFT
    item = services.agenda_item_add(
        actor=mw.actor, meeting=mw.meeting, kind="adoption", title="", regulation_version=version, outcome="passed"
    )
    version.refresh_from_db()
    assert item.title == "联席会议制度"
    assert version.status == Status.ADOPTED
    assert version.adopted_at == mw.meeting
    assert version.adopted_on == dt.date(2020, 9, 24)


def test_regulation_transitions_and_one_version_in_force(mw: MeetingWorld) -> None:
    v1 = mw.regulation.versions.get()
    with pytest.raises(ValidationError):
        services.version_transition(actor=mw.actor, version=v1, status=Status.IN_FORCE)
    for status in (Status.REVIEW, Status.ADOPTED, Status.IN_FORCE):
        v1 = services.version_transition(actor=mw.actor, version=v1, status=status, on=dt.date(2020, 10, 1))
    v2 = services.version_create(actor=mw.actor, regulation=mw.regulation, title="修订稿")
    assert v2.number == 2
    for status in (Status.REVIEW, Status.ADOPTED, Status.IN_FORCE):
        v2 = services.version_transition(actor=mw.actor, version=v2, status=status, on=dt.date(2022, 1, 1))
    v1.refresh_from_db()
    assert (v1.status, v1.repealed_on) == (Status.REPEALED, dt.date(2022, 1, 1))
    assert v2.status == Status.IN_FORCE
    with pytest.raises(IntegrityError), transaction.atomic():
        RegulationVersion.objects.filter(pk=v1.pk).update(status=Status.IN_FORCE, in_force_on=dt.date(2022, 1, 1))
    with pytest.raises(ValidationError):
        services.version_transition(actor=mw.actor, version=v1, status=Status.DRAFT)


def test_commendations_and_requirements_belong_to_their_kinds(world: World, mw: MeetingWorld) -> None:
    with pytest.raises(ValidationError):
        services.commendation_add(actor=mw.actor, item=mw.report, unit=world.jiachun, award="x")
    with pytest.raises(ValidationError):
        services.commendation_add(actor=mw.actor, item=mw.commendation, unit=world.gongzhi, award="again")
    with pytest.raises(ValidationError):
        services.requirement_add(actor=mw.actor, item=mw.report, text="x")
    # An item with commended units or requirements keeps its kind (they would vanish from the minutes).
    for item in (mw.commendation, mw.speech):
        with pytest.raises(ValidationError) as exc:
            services.agenda_item_update(actor=mw.actor, item=item, kind="report", title=item.title)
        assert "kind" in exc.value.message_dict
        item.refresh_from_db()
        assert item.kind != "report"
    services.agenda_item_update(actor=mw.actor, item=mw.report, kind="ceremony", title="揭牌")
    mw.report.refresh_from_db()
    assert mw.report.kind == "ceremony"


def test_a_requirement_becomes_one_action_item(world: World, mw: MeetingWorld) -> None:
    assert mw.action.meeting == mw.meeting
    with pytest.raises(ValidationError) as exc:
        services.action_item_create(
            actor=mw.actor,
            title="again",
            owner_unit=world.jiachun,
            deadline=dt.date(2021, 1, 1),
            requirement=mw.requirement,
        )
    assert "requirement" in exc.value.message_dict


def test_progress_notes_by_the_owner_unit_and_status(world: World, mw: MeetingWorld) -> None:
    chair = actor_for(world.users["jiachun"])
    services.progress_note_add(actor=chair, item=mw.action, text="已部署")
    mw.action.refresh_from_db()
    assert mw.action.status == ActionItem.Status.IN_PROGRESS
    with pytest.raises(Forbidden):
        services.progress_note_add(actor=actor_for(world.users["xiuyuan"]), item=mw.action, text="x")
    with pytest.raises(PermissionDenied):
        services.action_item_set_status(actor=chair, item=mw.action, status="done")
    services.action_item_set_status(actor=mw.actor, item=mw.action, status="done")
    assert mw.action.closed_on is not None
    services.action_item_set_status(actor=mw.actor, item=mw.action, status="open")
    assert mw.action.closed_on is None


def test_member_units_join_once_and_leave(world: World, mw: MeetingWorld) -> None:
    with pytest.raises(ValidationError):
        services.member_add(actor=mw.actor, joint_meeting=mw.body, unit=world.jiachun)
    services.member_leave(actor=mw.actor, member=mw.member, left_on=dt.date(2021, 1, 1))
    again = services.member_add(actor=mw.actor, joint_meeting=mw.body, unit=world.jiachun)
    assert again.pk != mw.member.pk


def test_reminders_go_to_the_owner_units_chairs_once_a_day(world: World, mw: MeetingWorld) -> None:
    world.users["jiachun"].email = "chair@jiachun.example"
    world.users["jiachun"].save()
    today = dt.date(2020, 12, 28)  # the action item is due 2020-12-31: due soon
    assert remind_action_items(today=today) == 1
    assert mail.outbox[0].to == ["chair@jiachun.example"]
    assert "提高政治站位" in mail.outbox[0].body
    assert remind_action_items(today=today) == 0  # once a day
    assert remind_action_items(today=dt.date(2021, 1, 5)) == 1  # overdue, next day
    assert "已逾期" in mail.outbox[1].body
    services.action_item_set_status(actor=mw.actor, item=mw.action, status=ActionItem.Status.DONE)
    assert remind_action_items(today=dt.date(2021, 1, 6)) == 0  # done: no more reminders
    assert len(mail.outbox) == 2


def test_reminder_task_runs_on_the_immediate_backend(world: World, mw: MeetingWorld) -> None:
    result = send_action_item_reminders.enqueue()  # the test settings use the immediate backend
    assert result.return_value == 0  # nobody of 嘉春 has an e-mail address


def test_the_daily_command_enqueues_the_reminder(world: World, mw: MeetingWorld) -> None:
    from io import StringIO

    from django.core.management import call_command

    world.users["jiachun"].email = "chair@jiachun.example"
    world.users["jiachun"].save()
    out = StringIO()
    call_command("remind_action_items", stdout=out)
    assert out.getvalue().startswith("enqueued")
    assert len(mail.outbox) == 1 and "已逾期" in mail.outbox[0].body  # due 2020-12-31, long past
