"""Retention: a case final for longer than ``JIEDAO_LEGALAID_RETENTION_DAYS`` loses its
personal details and documents (``purge_legal_aid_cases``); the anonymous figures stay."""

import datetime as dt
import json
from decimal import Decimal
from io import StringIO
from typing import Any
from unittest import mock

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse

from jiedao.accounts.actor import actor_for
from jiedao.core.models import AuditEntry
from jiedao.legalaid import access, services
from jiedao.legalaid.models import CaseDocument, FileToDelete, LegalAidCase, person_key
from jiedao.legalaid.selectors import legal_aid_stats
from jiedao.legalaid.tests.factories import OWN_SUMMARY, assign, open_case, pdf_upload
from jiedao.legalaid.tests.test_api import call
from jiedao.testing import World

CLOSED = dt.datetime(2026, 3, 2, 2, 0, tzinfo=dt.UTC)
pytestmark = pytest.mark.django_db


def closed_case(w: World) -> LegalAidCase:
    with time_machine.travel(CLOSED, tick=False):
        case = assign(w, open_case(w))
        handler = actor_for(w.users["handler"])
        services.document_add(actor=handler, case=case, upload=pdf_upload())
        services.step_add(actor=handler, case=case, stage="accepted", on=dt.date(2026, 3, 2), note="受理说明")
        services.step_add(
            actor=handler,
            case=case,
            stage="closed",
            on=dt.date(2026, 3, 2),
            outcome="调解成功",
            amount_recovered=Decimal("800"),
        )
    return case


@override_settings(JIEDAO_LEGALAID_RETENTION_DAYS=30)
def test_the_purge_empties_the_personal_details_and_keeps_the_figures(
    world: World, django_capture_on_commit_callbacks: object
) -> None:
    case = closed_case(world)
    still_open = open_case(world, "zhonghong_worker")
    stored = CaseDocument.objects.get(case=case).file
    storage, name = stored.storage, stored.name
    assert storage.exists(name)
    # On the 30th day it is kept; the day after, purged.
    assert services.purge_expired_cases(today=dt.date(2026, 4, 1)).cases == 0
    dry = services.purge_expired_cases(today=dt.date(2026, 4, 2), dry_run=True)
    assert (dry.cases, dry.documents) == (1, 1) and LegalAidCase.objects.get(pk=case.pk).purged_at is None
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        done = services.purge_expired_cases(today=dt.date(2026, 4, 2))
    assert (done.cases, done.documents) == (1, 1)
    case.refresh_from_db()
    assert case.person is None and case.person_key != person_key(world.people["worker"].pk)
    assert len(case.person_key) == 64 and case.opened_by is None and case.limitation_deadline is None
    assert case.summary == "" and case.outcome == "" and case.employer_name == "" and case.employer_unit is None
    assert case.amount_recovered == Decimal("800.00") and case.stage == "closed" and case.is_purged
    assert not case.steps.exclude(note="").exists()
    assert not CaseDocument.objects.filter(case=case).exists() and not storage.exists(name)
    assert LegalAidCase.objects.get(pk=still_open.pk).person is not None
    entry = AuditEntry.objects.filter(action="delete", object_type="legalaid.legalaidcase").get()
    assert entry.detail["cases"] == 1 and entry.detail["documents"] == 1 and "王秀英" not in str(entry.detail)
    # Nothing left: a second run does nothing. The statistics still count the case.
    assert services.purge_expired_cases(today=dt.date(2026, 4, 2)).cases == 0
    stats = legal_aid_stats(subdistrict_id=case.subdistrict_id, year=2026, now=CLOSED + dt.timedelta(days=60))
    closed = next(c for c in stats["stages"] if c["key"] == "closed")
    assert closed["suppressed"]  # counted (one worker: "<5"), not lost
    # The worker no longer finds it; the supervisor sees it as purged.
    assert not access.cases_visible_to(actor_for(world.users["worker"])).filter(pk=case.pk).exists()
    view = services.case_read(actor=actor_for(world.users["legalsup"]), case=case)
    assert view.case.person is None and OWN_SUMMARY not in view.case.summary


@override_settings(JIEDAO_LEGALAID_RETENTION_DAYS=30)
def test_the_command_runs_daily_and_the_pages_survive_a_purged_case(client: Client, world: World) -> None:
    case = closed_case(world)
    out = StringIO()
    with time_machine.travel(dt.datetime(2026, 5, 1, 2, 0, tzinfo=dt.UTC), tick=False):
        call_command("purge_legal_aid_cases", "--dry-run", stdout=out)
        assert "试运行" in out.getvalue() and LegalAidCase.objects.get(pk=case.pk).person is not None
        call_command("purge_legal_aid_cases", stdout=out)
        assert LegalAidCase.objects.get(pk=case.pk).person is None
    api = call(client, world, "legalsup", "GET", f"/cases/{case.pk}")
    client.force_login(world.users["legalsup"])
    listing = client.get(reverse("legalaid:index"))
    detail = client.get(reverse("legalaid:detail", args=[case.pk]))
    assert listing.status_code == 200 and "已清除" in listing.content.decode()
    assert detail.status_code == 200 and "已过保存期限" in detail.content.decode()
    assert api.status_code == 200 and api.json()["purged"] is True and api.json()["person"] == ""
    assert api.json()["limitation"]["deadline"] is None and "仲裁时效提醒" not in detail.content.decode()


def _linked_to(w: World, case: LegalAidCase) -> list[str]:
    """What in the purged case, its steps or the audit entries about it still names
    the worker (her name, ID number, registry id)."""
    person = w.people["worker"]
    marks = [person.name, person.id_number, f'"person": {person.pk}']
    case = LegalAidCase.objects.get(pk=case.pk)
    found = []
    if case.person_key == person_key(person.pk) or case.opened_by_id == w.users["worker"].pk:
        found.append("case")
    if case.steps.filter(by=w.users["worker"]).exists():
        found.append("steps")
    about = AuditEntry.objects.filter(object_type__startswith="legalaid.")
    for entry in about:
        text = entry.object_repr + json.dumps(entry.detail, ensure_ascii=False)
        found += [f"audit {entry.pk}: {mark}" for mark in marks if mark and mark in text]
    return found


@override_settings(JIEDAO_LEGALAID_RETENTION_DAYS=30)
def test_a_purged_case_is_no_longer_tied_to_the_worker(client: Client, world: World) -> None:
    """The keyed hash of the registry id could be recomputed by anyone with the field
    key for every person: the purge replaces it by a random token, one per worker and
    run (her two cases still count as one worker); the opener (her own account, she
    applied online) goes; the day she knew keeps its month. The audit entries about
    the case never named her."""
    with time_machine.travel(CLOSED, tick=False):
        answer = call(
            client,
            world,
            "worker",
            "POST",
            "/cases",
            {"dispute_type": "overtime", "employer": "某公司", "summary": "加班费", "knew_on": "2026-02-17"},
        )
        online = LegalAidCase.objects.get(pk=answer.json()["id"])
        assert online.opened_by == world.users["worker"]
        handler, supervisor = actor_for(world.users["handler"]), actor_for(world.users["legalsup"])
        services.handler_assign(actor=supervisor, case=online, handler=world.users["handler"])
        services.step_add(actor=handler, case=online, stage="rejected", on=dt.date(2026, 3, 2), note="不属援助范围")
    second = closed_case(world)
    with time_machine.travel(CLOSED + dt.timedelta(days=40), tick=False):
        services.purge_expired_cases()
    online.refresh_from_db()
    second.refresh_from_db()
    assert online.person_key == second.person_key != person_key(world.people["worker"].pk)
    assert online.knew_on == dt.date(2026, 2, 1) and online.opened_by is None
    assert online.steps.get(kind="opened").by is None
    assert _linked_to(world, online) == [] and _linked_to(world, second) == []
    # Another run draws another token: nothing ties runs together either.
    with time_machine.travel(CLOSED, tick=False):
        third = closed_case(world)
    services.purge_expired_cases(today=dt.date(2026, 4, 20))
    third.refresh_from_db()
    assert third.person_key not in (online.person_key, person_key(world.people["worker"].pk))


@override_settings(JIEDAO_LEGALAID_RETENTION_DAYS=30)
def test_a_file_that_cannot_be_removed_is_retried_by_the_next_run(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    case = closed_case(world)
    stored = CaseDocument.objects.get(case=case).file
    storage, name = stored.storage, stored.name
    with (
        mock.patch.object(type(getattr(storage, "_wrapped", storage)), "delete", side_effect=OSError("busy")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert services.purge_expired_cases(today=dt.date(2026, 4, 2)).cases == 1
    assert storage.exists(name) and FileToDelete.objects.filter(name=name).exists()
    services.purge_expired_cases(today=dt.date(2026, 4, 3))
    assert not storage.exists(name) and not FileToDelete.objects.exists()
