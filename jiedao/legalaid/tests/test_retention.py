"""Retention: a case final for longer than ``JIEDAO_LEGALAID_RETENTION_DAYS`` loses its
personal details and documents (``purge_legal_aid_cases``); the anonymous figures stay."""

import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse

from jiedao.accounts.actor import actor_for
from jiedao.core.models import AuditEntry
from jiedao.legalaid import access, services
from jiedao.legalaid.models import CaseDocument, LegalAidCase, person_key
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
    assert case.person is None and case.person_key == person_key(world.people["worker"].pk)
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
