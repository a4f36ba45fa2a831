"""Retention: records (and referrals) older than the studio's retention period are
purged by ``purge_counselling_records``; appointments stay; one audit entry with
counts and no content."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from jiedao.core.models import AuditEntry
from jiedao.counselling.models import Appointment, Referral, SessionRecord, Studio
from jiedao.counselling.retention import purge_expired_records
from tests.access.counselling_records import book, records_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def aged(world):
    """The access world's two recent records, plus two a year and a half old (one
    with a referral) in a studio keeping records for one year."""
    rw = records_world(world)
    Studio.objects.filter(pk=rw["studio"].pk).update(retention_days=365)
    old_start = timezone.now() - dt.timedelta(days=550)
    old = []
    for i, person in enumerate((world.people["worker"], world.people["jobseeker"])):
        appointment = book(rw["room"], rw["mine"], person, old_start + dt.timedelta(hours=i), status="attended")
        record = SessionRecord.objects.create(
            subdistrict=world.liangcheng, appointment=appointment, notes=f"旧记录{i}", topics="family"
        )
        old.append(appointment)
    Referral.objects.create(
        subdistrict=world.liangcheng,
        record=record,
        referred_to="区精神卫生中心",
        referred_at=old_start,
        reason="旧转介原因",
    )
    return rw, old


def test_the_purge_deletes_expired_records_and_referrals_and_keeps_the_rest(world, aged):
    rw, old = aged
    result = purge_expired_records()
    assert (result.records, result.referrals) == (2, 1)
    assert set(SessionRecord.objects.values_list("appointment_id", flat=True)) == {rw["own"].pk, rw["theirs"].pk}
    assert not Referral.objects.exists()
    # The appointments stay (no content; the statistics count them).
    assert Appointment.objects.filter(pk__in=[a.pk for a in old]).count() == 2
    [entry] = AuditEntry.objects.filter(action=AuditEntry.Action.DELETE)
    assert entry.subdistrict_id == world.liangcheng.pk and entry.actor is None
    assert entry.detail["records"] == 2 and entry.detail["referrals"] == 1
    assert entry.detail["studios"][0]["studio"] == rw["studio"].pk
    for text in ("旧记录", "旧转介原因", "区精神卫生中心", "family"):
        assert text not in str(entry.detail) + entry.object_repr
    # Nothing left to purge: no new entry.
    assert purge_expired_records().records == 0
    assert AuditEntry.objects.filter(action=AuditEntry.Action.DELETE).count() == 1


def test_the_period_is_the_studios(world, aged):
    rw, _ = aged
    Studio.objects.filter(pk=rw["studio"].pk).update(retention_days=3 * 365)
    assert purge_expired_records().records == 0
    Studio.objects.filter(pk=rw["studio"].pk).update(retention_days=1)
    assert purge_expired_records().records == 4  # the recent ones ended three days ago
    assert not SessionRecord.objects.exists()


def test_a_dry_run_counts_and_deletes_nothing(world, aged):
    out = StringIO()
    call_command("purge_counselling_records", "--dry-run", stdout=out)
    text = out.getvalue()
    assert "试运行，未删除任何数据：共将删除咨询记录 2 条、转介 1 条。" in text
    assert "畅心屋：" in text
    assert SessionRecord.objects.count() == 4 and Referral.objects.count() == 1
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.DELETE).exists()


def test_the_command_purges_and_prints_counts(world, aged):
    out = StringIO()
    call_command("purge_counselling_records", stdout=out)
    assert "共删除咨询记录 2 条、转介 1 条。" in out.getvalue()
    assert SessionRecord.objects.count() == 2
