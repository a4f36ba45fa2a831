"""Opening a case, its steps, the clock kept on the row, handlers, reads (audited)."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from jiedao.accounts.actor import actor_for
from jiedao.core.audit import confidential_types
from jiedao.core.errors import Conflict, Forbidden
from jiedao.core.models import AuditEntry
from jiedao.legalaid import access, services
from jiedao.legalaid.models import CaseStep, LegalAidCase
from jiedao.legalaid.tests.factories import OWN_SUMMARY, assign, open_case
from jiedao.testing import World

TODAY = dt.datetime(2026, 6, 15, 10, 0, tzinfo=dt.UTC)
pytestmark = pytest.mark.django_db


def actor(w: World, key: str):  # type: ignore[no-untyped-def]
    return actor_for(w.users[key])


@time_machine.travel(TODAY, tick=False)
def test_a_worker_opens_her_own_case_online(world: World) -> None:
    case = services.case_open(
        actor=actor(world, "worker"),
        person=world.people["worker"],
        dispute_type="wage_arrears",
        employer_name="上海嘉春装饰设计工程有限公司",
        summary="三个月工资未发",
        knew_on=dt.date(2026, 3, 1),
        employment_ended_on=dt.date(2026, 3, 1),
        channel="desk",  # ignored: she applied herself
    )
    case.refresh_from_db()
    assert case.channel == "online"
    assert case.stage == "consultation" and case.handler is None
    assert case.limitation_deadline == dt.date(2027, 3, 1) and case.limitation_rule == "wages_ended"
    assert case.due_on == dt.date(2026, 6, 22)
    # Her employer as the registry knows it: linked without asking.
    assert case.employer_unit == world.jiachun
    assert case.steps.get().kind == CaseStep.Kind.OPENED
    entry = AuditEntry.objects.get(object_type="legalaid.legalaidcase", action="create")
    assert "王秀英" not in str(entry.detail) and "工资" not in str(entry.detail)


@time_machine.travel(TODAY, tick=False)
def test_still_employed_wage_arrears_have_no_deadline(world: World) -> None:
    case = open_case(world, dispute_type="wage_arrears", knew_on=dt.date(2026, 1, 5))
    assert case.limitation_deadline is None and case.limitation_rule == "wages_employed"


@time_machine.travel(TODAY, tick=False)
def test_bad_input_names_every_field(world: World) -> None:
    with pytest.raises(ValidationError) as caught:
        services.case_open(
            actor=actor(world, "labour"),
            person=world.people["worker"],
            dispute_type="bribery",
            employer_name="",
            summary="  ",
            knew_on=dt.date(2026, 7, 1),
            employment_ended_on=dt.date(2026, 7, 1),
            channel="",
        )
    assert set(caught.value.message_dict) == {
        "dispute_type",
        "employer_name",
        "summary",
        "knew_on",
        "employment_ended_on",
        "channel",
    }
    assert not LegalAidCase.objects.exists()


def test_the_database_refuses_an_amount_on_an_open_case(world: World) -> None:
    case = open_case(world)
    with pytest.raises(IntegrityError), transaction.atomic():
        LegalAidCase.objects.filter(pk=case.pk).update(amount_recovered=Decimal("10.00"))


@time_machine.travel(TODAY, tick=False)
def test_stages_follow_each_other_and_closing_records_the_outcome(world: World) -> None:
    case = assign(world, open_case(world))
    handler = actor(world, "handler")
    with pytest.raises(ValidationError) as caught:
        services.step_add(actor=handler, case=case, stage="arbitration", on=dt.date(2026, 6, 15))
    assert "stage" in caught.value.message_dict
    services.step_add(actor=handler, case=case, stage="accepted", on=dt.date(2026, 6, 15))
    services.step_add(actor=handler, case=case, stage="mediation", on=dt.date(2026, 6, 15), note="街道调解委员会")
    case.refresh_from_db()
    assert case.stage == "mediation" and case.due_on == dt.date(2026, 6, 30)
    with pytest.raises(ValidationError) as caught:
        services.step_add(actor=handler, case=case, stage="closed", on=dt.date(2026, 6, 15))
    assert "outcome" in caught.value.message_dict
    services.step_add(
        actor=handler,
        case=case,
        stage="closed",
        on=dt.date(2026, 6, 15),
        outcome="调解成功，单位补发工资",
        amount_recovered=Decimal("12345.675"),
    )
    case.refresh_from_db()
    assert case.stage == "closed" and case.due_on is None
    assert case.amount_recovered == Decimal("12345.68")  # half up, to the fen
    with pytest.raises(ValidationError):
        services.step_add(actor=handler, case=case, on=dt.date(2026, 6, 15), note="再记一笔")


def test_a_note_on_an_overdue_case_keeps_it_overdue(world: World) -> None:
    with time_machine.travel(TODAY, tick=False):
        case = assign(world, open_case(world))
        services.step_add(actor=actor(world, "handler"), case=case, stage="accepted", on=dt.date(2026, 6, 15))
    case.refresh_from_db()
    due = case.due_on
    assert due is not None
    later = dt.datetime.combine(due + dt.timedelta(days=10), dt.time(10), tzinfo=dt.UTC)
    with time_machine.travel(later, tick=False):
        step = services.step_add(actor=actor(world, "handler"), case=case, on=later.date(), note="再次联系单位")
    case.refresh_from_db()
    assert case.due_on == due and case.stage == "accepted"  # still overdue: a note sets no new date
    assert step.kind == CaseStep.Kind.NOTE and step.due_on is None
    # A note that does set one moves the case's due date, and the step records it.
    with time_machine.travel(later, tick=False):
        step = services.step_add(
            actor=actor(world, "handler"), case=case, on=later.date(), note="约定下周答复", due_on=later.date()
        )
    case.refresh_from_db()
    assert case.due_on == step.due_on == later.date()


@time_machine.travel(TODAY, tick=False)
def test_refusing_a_case_needs_a_reason(world: World) -> None:
    case = open_case(world)
    sup = actor(world, "legalsup")
    with pytest.raises(ValidationError) as caught:
        services.step_add(actor=sup, case=case, stage="rejected", on=dt.date(2026, 6, 15))
    assert "note" in caught.value.message_dict
    services.step_add(actor=sup, case=case, stage="rejected", on=dt.date(2026, 6, 15), note="不属于劳动争议")
    case.refresh_from_db()
    assert case.stage == "rejected" and case.is_final


@time_machine.travel(TODAY, tick=False)
def test_an_interruption_restarts_the_clock_on_the_row(world: World) -> None:
    case = assign(world, open_case(world, knew_on=dt.date(2025, 7, 1)))
    assert case.limitation_deadline == dt.date(2026, 7, 1)
    services.interruption_add(actor=actor(world, "handler"), case=case, on=dt.date(2026, 6, 1), note="书面催告用人单位")
    case.refresh_from_db()
    assert case.limitation_deadline == dt.date(2027, 6, 1) and case.limitation_rule == "interrupted"


@time_machine.travel(TODAY, tick=False)
def test_only_the_assigned_handler_and_the_supervisor_record_steps(world: World) -> None:
    case = open_case(world)
    for key in ("handler", "worker", "labour", "admin"):
        with pytest.raises(Forbidden):
            services.step_add(actor=actor(world, key), case=case, on=dt.date(2026, 6, 15), note="x")
    case = assign(world, case)
    services.step_add(actor=actor(world, "handler"), case=case, on=dt.date(2026, 6, 15), note="已联系")


def test_the_supervisor_assigns_only_handlers(world: World) -> None:
    case = open_case(world)
    with pytest.raises(ValidationError):
        services.handler_assign(actor=actor(world, "legalsup"), case=case, handler=world.users["counsellor"])
    with pytest.raises(Forbidden):
        services.handler_assign(actor=actor(world, "union"), case=case, handler=world.users["handler"])
    assign(world, case)
    assert LegalAidCase.objects.get(pk=case.pk).handler == world.users["handler"]


def test_who_reads_a_case_and_every_read_is_audited(world: World) -> None:
    case = assign(world, open_case(world))
    for key, capacity in (("worker", "worker"), ("handler", "handler"), ("legalsup", "supervisor")):
        view = services.case_read(actor=actor(world, key), case=case)
        assert view.capacity == capacity and view.case.summary == OWN_SUMMARY
    reads = AuditEntry.objects.filter(object_type="legalaid.legalaidcase", action="reveal")
    assert [e.detail["as"] for e in reads.order_by("id")] == ["worker", "handler", "supervisor"]
    for key in ("admin", "union", "labour", "xiuyuan", "jiachun", "counsellor"):
        assert not access.cases_visible_to(actor(world, key)).exists()
        with pytest.raises(Forbidden):
            services.case_read(actor=actor(world, key), case=case)


def test_the_audit_entries_stay_out_of_the_general_log() -> None:
    assert {"legalaid.legalaidcase", "legalaid.casestep", "legalaid.casedocument"} <= confidential_types()


def test_the_desk_opens_a_case_by_id_number(world: World) -> None:
    labour = actor(world, "labour")
    assert access.worker_for(labour, world.people["worker"].id_number) == world.people["worker"]
    with pytest.raises(ValidationError):
        access.worker_for(actor(world, "xiuyuan"), world.people["worker"].id_number)
    with pytest.raises(ValidationError):
        access.worker_for(labour, "")


@time_machine.travel(TODAY, tick=False)
def test_a_final_case_gets_no_new_handler(world: World) -> None:
    case = assign(world, open_case(world))
    services.step_add(
        actor=actor(world, "handler"), case=case, stage="rejected", on=dt.date(2026, 6, 15), note="不属范围"
    )
    with pytest.raises(ValidationError) as caught:
        services.handler_assign(actor=actor(world, "legalsup"), case=case, handler=world.users["handler"])
    assert "__all__" in caught.value.message_dict
    LegalAidCase.objects.filter(pk=case.pk).update(person=None, purged_at=TODAY)
    with pytest.raises(Conflict):
        services.handler_assign(actor=actor(world, "legalsup"), case=case, handler=world.users["handler"])
