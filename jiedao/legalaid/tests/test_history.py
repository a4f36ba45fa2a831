"""The history of a case stays true: a step entered by mistake is corrected or
withdrawn by a later step (audited, the old one kept and marked), and a case is
suspended and resumed, with its effect on the step's due date and the clock; the
worker gets a text message (naming nothing) when the stage changes."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from jiedao.accounts.actor import Actor, actor_for
from jiedao.core import notifications
from jiedao.core.errors import Conflict, Forbidden
from jiedao.core.models import AuditEntry
from jiedao.legalaid import services
from jiedao.legalaid.models import CaseStep, LegalAidCase
from jiedao.legalaid.tests.factories import assign, open_case
from jiedao.testing import World

TODAY = dt.datetime(2026, 6, 15, 2, 0, tzinfo=dt.UTC)
D = dt.date
pytestmark = pytest.mark.django_db


def actor(w: World, key: str) -> Actor:
    return actor_for(w.users[key])


def handled(w: World, **values: Any) -> LegalAidCase:
    return assign(w, open_case(w, **values))


def last_audit(case: LegalAidCase) -> dict[str, Any]:
    entry = AuditEntry.objects.filter(object_type="legalaid.legalaidcase", object_id=str(case.pk)).latest("id")
    return dict(entry.detail)


@time_machine.travel(TODAY, tick=False)
def test_a_mistaken_interruption_is_corrected_and_the_clock_follows(world: World) -> None:
    case = handled(world, knew_on=D(2025, 7, 1))
    handler = actor(world, "handler")
    wrong = services.interruption_add(actor=handler, case=case, on=D(2026, 6, 1), note="书面催告用人单位")
    case.refresh_from_db()
    assert case.limitation_deadline == D(2027, 6, 1)
    fixed = services.step_correct(
        actor=handler, case=case, step_id=wrong.pk, on=D(2026, 5, 20), note="书面催告用人单位", reason="日期记错"
    )
    case.refresh_from_db()
    assert case.limitation_deadline == D(2027, 5, 20)
    assert fixed.corrects_id == wrong.pk and fixed.kind == CaseStep.Kind.INTERRUPTION
    # The old step is still there, superseded; the audit names the steps and dates, no text.
    assert CaseStep.objects.filter(pk=wrong.pk).exists()
    detail = last_audit(case)
    assert detail["changes"]["corrected_step"] == [wrong.pk, fixed.pk]
    assert detail["changes"]["on"] == ["2026-06-01", "2026-05-20"]
    assert "日期记错" not in str(detail) and "催告" not in str(detail)
    # A step is superseded once: correct the correction instead.
    with pytest.raises(Conflict):
        services.step_correct(actor=handler, case=case, step_id=wrong.pk, on=D(2026, 5, 21), note="x", reason="再改")
    with pytest.raises(IntegrityError), transaction.atomic():
        CaseStep.objects.create(
            subdistrict_id=case.subdistrict_id,
            case=case,
            kind="note",
            stage=case.stage,
            on=D(2026, 6, 1),
            corrects=wrong,
        )


@time_machine.travel(TODAY, tick=False)
def test_withdrawing_an_interruption_brings_the_deadline_back(world: World) -> None:
    case = handled(world, knew_on=D(2025, 7, 1))
    handler = actor(world, "handler")
    wrong = services.interruption_add(actor=handler, case=case, on=D(2026, 6, 1), note="误记")
    with pytest.raises(ValidationError) as caught:
        services.step_withdraw(actor=handler, case=case, step_id=wrong.pk, reason=" ")
    assert "reason" in caught.value.message_dict
    services.step_withdraw(actor=handler, case=case, step_id=wrong.pk, reason="应为另一案件的记录")
    case.refresh_from_db()
    assert case.limitation_deadline == D(2026, 7, 1) and case.limitation_rule == "knew"
    # An opening or an assignment is neither corrected nor withdrawn.
    opened = case.steps.get(kind="opened")
    with pytest.raises(Conflict):
        services.step_withdraw(actor=handler, case=case, step_id=opened.pk, reason="x")


@time_machine.travel(TODAY, tick=False)
def test_correcting_the_current_stage_moves_its_start_within_its_neighbours(world: World) -> None:
    case = handled(world, knew_on=D(2026, 1, 5))
    handler = actor(world, "handler")
    accepted = services.step_add(actor=handler, case=case, stage="accepted", on=D(2026, 6, 15))
    with pytest.raises(ValidationError) as caught:
        services.step_correct(actor=handler, case=case, step_id=accepted.pk, on=D(2026, 5, 1), note="", reason="x")
    assert "on" in caught.value.message_dict  # before the case was opened (2026-06-15)
    services.step_correct(
        actor=handler, case=case, step_id=accepted.pk, on=D(2026, 6, 15), note="材料齐全", reason="补写说明"
    )
    case.refresh_from_db()
    assert case.stage_since == D(2026, 6, 15) and case.stage == "accepted"


@time_machine.travel(TODAY, tick=False)
def test_only_the_handler_and_the_supervisor_correct(world: World) -> None:
    case = handled(world)
    note = services.step_add(actor=actor(world, "handler"), case=case, on=D(2026, 6, 15), note="已联系")
    for key in ("worker", "labour", "admin", "jiachun"):
        with pytest.raises(Forbidden):
            services.step_withdraw(actor=actor(world, key), case=case, step_id=note.pk, reason="x")
    services.step_withdraw(actor=actor(world, "legalsup"), case=case, step_id=note.pk, reason="重复记录")


@time_machine.travel(TODAY, tick=False)
def test_a_suspension_holds_the_due_date_and_the_clock(world: World) -> None:
    case = handled(world, knew_on=D(2025, 7, 1))  # deadline 2026-07-01
    handler = actor(world, "handler")
    services.step_add(actor=handler, case=case, stage="accepted", on=D(2026, 6, 15))  # due 2026-06-30
    services.case_suspend(
        actor=handler, case=case, on=D(2026, 6, 15), note="等待工伤认定结论", suspends_limitation=True
    )
    case.refresh_from_db()
    assert case.suspended_since == D(2026, 6, 15)
    assert case.limitation_deadline is None and case.limitation_rule == "suspended"
    with pytest.raises(ValidationError) as caught:
        services.step_add(actor=handler, case=case, stage="mediation", on=D(2026, 6, 15))
    assert "stage" in caught.value.message_dict
    with pytest.raises(ValidationError):
        services.case_suspend(actor=handler, case=case, on=D(2026, 6, 15), note="again")
    # Forty days later: not overdue while suspended; resumed, the dates move on by 40 days.
    with time_machine.travel(TODAY + dt.timedelta(days=40), tick=False):
        assert not services.is_overdue(case, D(2026, 7, 25))
        services.case_resume(actor=handler, case=case, on=D(2026, 7, 25))
    case.refresh_from_db()
    assert case.suspended_since is None
    assert case.due_on == D(2026, 8, 9)
    assert case.limitation_deadline == D(2026, 8, 10) and case.limitation_rule == "knew"
    assert last_audit(case)["changes"]["due_on"] == ["2026-06-30", "2026-08-09"]


@time_machine.travel(TODAY, tick=False)
def test_a_suspension_for_other_reasons_leaves_the_clock_alone(world: World) -> None:
    case = handled(world, knew_on=D(2025, 7, 1))
    services.case_suspend(actor=actor(world, "handler"), case=case, on=D(2026, 6, 15), note="职工暂时联系不上")
    case.refresh_from_db()
    assert case.limitation_deadline == D(2026, 7, 1)
    with pytest.raises(ValidationError) as caught:
        services.case_resume(actor=actor(world, "handler"), case=case, on=D(2026, 6, 1))
    assert "on" in caught.value.message_dict


@time_machine.travel(TODAY, tick=False)
def test_the_worker_gets_a_text_naming_nothing_when_the_stage_changes(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    case = handled(world)
    handler = actor(world, "handler")
    notifications.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.step_add(actor=handler, case=case, stage="accepted", on=D(2026, 6, 15))
        assert notifications.outbox == []  # only after the commit
    (message,) = notifications.outbox
    assert message.phone == world.people["worker"].phone and message.template == "case_progress"
    for secret in ("王秀英", "嘉春", "受理", "法律", str(case.pk)):
        assert secret not in message.text
    # A note is no stage change: no text.
    with django_capture_on_commit_callbacks(execute=True):
        services.step_add(actor=handler, case=case, on=D(2026, 6, 15), note="电话联系")
    assert len(notifications.outbox) == 1


@time_machine.travel(TODAY, tick=False)
def test_the_page_shows_the_superseded_step_and_posts_the_correction(client: Client, world: World) -> None:
    case = handled(world, knew_on=D(2025, 7, 1))
    note = services.step_add(actor=actor(world, "handler"), case=case, on=D(2026, 6, 15), note="约见单位人事")
    client.force_login(world.users["handler"])
    url = reverse("legalaid:step_correct", args=[case.pk, note.pk])
    refused = client.post(url, {f"c{note.pk}-on": "2026-06-15", f"c{note.pk}-note": "x"}, follow=True)
    assert "更正原因" in refused.content.decode()
    answer = client.post(
        url,
        {f"c{note.pk}-on": "2026-06-15", f"c{note.pk}-note": "约见单位人事经理", f"c{note.pk}-reason": "日期记错"},
        follow=True,
    )
    body = answer.content.decode()
    assert "已更正" in body and "<del>约见单位人事</del>" in body and "更正 2026-06-15 的记录" in body
    client.post(reverse("legalaid:suspend", args=[case.pk]), {"on": "2026-06-15", "note": "等待工伤认定"})
    body = client.get(reverse("legalaid:detail", args=[case.pk])).content.decode()
    assert "中止办理" in body and "恢复办理" in body


def test_the_legal_aid_staff_start_at_their_caseload(world: World) -> None:
    from django.apps import apps

    config = apps.get_app_config("legalaid")
    assert config.start(actor(world, "handler")) == "legalaid:index"  # type: ignore[attr-defined]
    assert config.start(actor(world, "legalsup")) == "legalaid:index"  # type: ignore[attr-defined]
    for key in ("admin", "labour", "worker", "counsellor"):
        assert config.start(actor(world, key)) is None  # type: ignore[attr-defined]


def test_a_suspensions_dates_are_corrected_and_the_due_date_and_clock_follow(world: World) -> None:
    with time_machine.travel(TODAY, tick=False):
        case = handled(world, knew_on=D(2025, 7, 1))  # deadline 2026-07-01
        handler = actor(world, "handler")
        services.step_add(actor=handler, case=case, stage="accepted", on=D(2026, 6, 15))  # due 2026-06-30
    with time_machine.travel(TODAY + dt.timedelta(days=1), tick=False):
        begun = services.case_suspend(
            actor=handler, case=case, on=D(2026, 6, 16), note="等待工伤认定结论", suspends_limitation=True
        )
        # The open suspension's start is corrected: the case is suspended since the right day.
        begun = services.step_correct(
            actor=handler, case=case, step_id=begun.pk, on=D(2026, 6, 15), note="等待工伤认定结论", reason="记错"
        )
        case.refresh_from_db()
        assert case.suspended_since == D(2026, 6, 15) and begun.suspends_limitation
    with time_machine.travel(TODAY + dt.timedelta(days=40), tick=False):
        ended = services.case_resume(actor=handler, case=case, on=D(2026, 7, 25))
        case.refresh_from_db()
        assert case.due_on == D(2026, 8, 9)  # 40 days on
        # The cause ended on 20 July, not 25: five days less.
        services.step_correct(actor=handler, case=case, step_id=ended.pk, on=D(2026, 7, 20), note="", reason="记错")
        case.refresh_from_db()
        assert case.due_on == D(2026, 8, 4) and case.limitation_deadline == D(2026, 8, 5)
        with pytest.raises(ValidationError) as caught:  # not after its resumption
            services.step_correct(actor=handler, case=case, step_id=begun.pk, on=D(2026, 7, 21), note="x", reason="y")
        assert "on" in caught.value.message_dict
        # It began on 19 June, and only then was the worker kept from applying.
        services.step_correct(
            actor=handler,
            case=case,
            step_id=begun.pk,
            on=D(2026, 6, 19),
            note="等待工伤认定结论",
            reason="记错",
            suspends_limitation=False,
        )
        case.refresh_from_db()
        assert case.due_on == D(2026, 7, 31) and case.limitation_deadline == D(2026, 7, 1)
        assert last_audit(case)["changes"]["suspends_limitation"] == [True, False]


@time_machine.travel(TODAY, tick=False)
def test_a_closings_outcome_and_amount_are_corrected_with_the_history_kept(world: World) -> None:
    case = handled(world)
    handler = actor(world, "handler")
    services.step_add(actor=handler, case=case, stage="accepted", on=D(2026, 6, 15))
    note = services.step_add(actor=handler, case=case, on=D(2026, 6, 15), note="约见")
    closing = services.step_add(
        actor=handler, case=case, stage="closed", on=D(2026, 6, 15), outcome="调解成功", amount_recovered=Decimal(800)
    )
    assert closing.amount == Decimal("800.00") and closing.outcome == "调解成功"
    with pytest.raises(ValidationError) as caught:
        services.step_correct(actor=handler, case=case, step_id=closing.pk, on=D(2026, 6, 15), note="", reason="补正")
    assert "outcome" in caught.value.message_dict
    fixed = services.step_correct(
        actor=handler,
        case=case,
        step_id=closing.pk,
        on=D(2026, 6, 15),
        note="",
        reason="金额记错",
        outcome="仲裁调解结案",
        amount_recovered=Decimal("1200.005"),
    )
    case.refresh_from_db()
    assert case.outcome == "仲裁调解结案" and case.amount_recovered == Decimal("1200.01")
    assert fixed.amount == Decimal("1200.01")
    closing.refresh_from_db()
    assert closing.amount == Decimal("800.00") and closing.outcome == "调解成功"  # kept
    detail = last_audit(case)
    assert "1200" not in str(detail) and "仲裁调解" not in str(detail)
    with pytest.raises(ValidationError):  # a note is not a closing
        services.step_correct(
            actor=handler, case=case, step_id=note.pk, on=D(2026, 6, 15), note="x", reason="y", outcome="z"
        )
