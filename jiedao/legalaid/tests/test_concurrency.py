"""Two handlers' decisions on one case at the same moment (the supervisor accepts while
the handler refuses): the case row is locked, so exactly one decision is taken and the
other is refused by the stage rules. Real threads, on SQLite (a file copy of the test
database) and PostgreSQL."""

from functools import partial

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from jiedao.accounts.actor import actor_for
from jiedao.activities.tests.threads import file_database, run_together
from jiedao.core.errors import Conflict
from jiedao.legalaid import services
from jiedao.legalaid.models import CaseStep, LegalAidCase
from jiedao.legalaid.tests.factories import assign, open_case
from jiedao.testing import build_world


@pytest.mark.django_db(transaction=True)
def test_simultaneous_decisions_take_one() -> None:
    world = build_world()
    case = assign(world, open_case(world))
    today = timezone.localdate()
    decisions = [("handler", "rejected", "不属于劳动争议"), ("legalsup", "accepted", "")]
    with file_database():
        outcomes = run_together(
            [
                partial(
                    services.step_add, actor=actor_for(world.users[key]), case=case, stage=stage, on=today, note=note
                )
                for key, stage, note in decisions
            ]
        )
        taken = [o.value for o in outcomes if o.error is None]
        refused = [o.error for o in outcomes if o.error is not None]
        assert len(taken) == 1 and len(refused) == 1 and isinstance(refused[0], ValidationError)
        assert CaseStep.objects.filter(case_id=case.pk, kind="stage").count() == 1
        assert LegalAidCase.objects.get(pk=case.pk).stage == taken[0].stage


@pytest.mark.django_db(transaction=True)
def test_simultaneous_corrections_of_one_step_keep_one() -> None:
    world = build_world()
    case = assign(world, open_case(world))
    today = timezone.localdate()
    note = services.step_add(actor=actor_for(world.users["handler"]), case=case, on=today, note="约见用人单位")
    with file_database():
        outcomes = run_together(
            [
                partial(
                    services.step_correct,
                    actor=actor_for(world.users[key]),
                    case=case,
                    step_id=note.pk,
                    on=today,
                    note=text,
                    reason="补全",
                )
                for key, text in (("handler", "约见用人单位人事"), ("legalsup", "约见用人单位法务"))
            ]
        )
        refused = [o.error for o in outcomes if o.error is not None]
        assert len(refused) == 1 and isinstance(refused[0], Conflict)
        assert CaseStep.objects.filter(corrects_id=note.pk).count() == 1


@pytest.mark.django_db(transaction=True)
def test_simultaneous_reminder_runs_remind_of_each_case_once() -> None:
    """Two daily runs at the same moment (a cron and a worker task): each case is
    claimed by one of them, so the handler gets one e-mail, not two."""
    world = build_world()
    world.users["handler"].email = "handler@example.org"
    world.users["handler"].save(update_fields=["email"])
    case = assign(world, open_case(world))
    LegalAidCase.objects.filter(pk=case.pk).update(due_on=timezone.localdate())
    mail.outbox.clear()
    with file_database():
        outcomes = run_together([services.send_due_reminders, services.send_due_reminders])
        assert all(o.error is None for o in outcomes)
        assert sorted(o.value for o in outcomes) == [0, 1]
        assert LegalAidCase.objects.get(pk=case.pk).reminded_on == timezone.localdate()
