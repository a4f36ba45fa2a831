"""Retention: records (and referrals) older than the studio's retention period are
purged by ``purge_counselling_records``; the appointments stay but lose their person
(a keyed hash keeps the statistics' distinct people); old waitlist entries go; one
audit entry with counts and no content."""

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from jiedao.accounts.actor import actor_for
from jiedao.accounts.tokens import token_issue
from jiedao.core.errors import DomainError
from jiedao.core.models import AuditEntry
from jiedao.counselling import services
from jiedao.counselling.models import Appointment, Referral, SessionRecord, Studio, WaitlistEntry
from jiedao.counselling.selectors import counselling_stats
from jiedao.counselling.services import purge_expired_records
from jiedao.testing import PASSWORD, World
from tests.access.counselling_records import Records, book, records_world

pytestmark = pytest.mark.django_db


def _bearer(world: World, who: str) -> dict[str, Any]:
    raw, _token = token_issue(user=world.users[who])
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.fixture
def aged(world: World) -> tuple[Records, list[Appointment]]:
    """The access world's two recent records, plus two a year and a half old (one
    with a referral) in a studio keeping records for one year."""
    rw = records_world(world)
    Studio.objects.filter(pk=rw.studio.pk).update(retention_days=365)
    old_start = timezone.now() - dt.timedelta(days=550)
    old = []
    for i, person in enumerate((world.people["worker"], world.people["jobseeker"])):
        appointment = book(rw.room, rw.mine, person, old_start + dt.timedelta(hours=i), status="attended")
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


def test_the_purge_deletes_expired_records_and_referrals_and_keeps_the_rest(
    world: World, aged: tuple[Records, list[Appointment]]
) -> None:
    rw, old = aged
    result = purge_expired_records()
    assert (result.records, result.referrals) == (2, 1)
    assert set(SessionRecord.objects.values_list("appointment_id", flat=True)) == {rw.own.pk, rw.theirs.pk}
    assert not Referral.objects.exists()
    # The appointments stay (no content; the statistics count them).
    assert Appointment.objects.filter(pk__in=[a.pk for a in old]).count() == 2
    [entry] = AuditEntry.objects.filter(action=AuditEntry.Action.DELETE)
    assert entry.subdistrict_id == world.liangcheng.pk and entry.actor is None
    assert entry.detail["records"] == 2 and entry.detail["referrals"] == 1
    assert entry.detail["studios"][0]["studio"] == rw.studio.pk
    for text in ("旧记录", "旧转介原因", "区精神卫生中心", "family"):
        assert text not in str(entry.detail) + entry.object_repr
    # Nothing left to purge: no new entry.
    assert purge_expired_records().records == 0
    assert AuditEntry.objects.filter(action=AuditEntry.Action.DELETE).count() == 1


def test_the_period_is_the_studios(world: World, aged: tuple[Records, list[Appointment]]) -> None:
    rw, _ = aged
    Studio.objects.filter(pk=rw.studio.pk).update(retention_days=3 * 365)
    assert purge_expired_records().records == 0
    Studio.objects.filter(pk=rw.studio.pk).update(retention_days=1)
    assert purge_expired_records().records == 4  # the recent ones ended three days ago
    assert not SessionRecord.objects.exists()


def test_a_dry_run_counts_and_deletes_nothing(world: World, aged: tuple[Records, list[Appointment]]) -> None:
    out = StringIO()
    call_command("purge_counselling_records", "--dry-run", stdout=out)
    text = out.getvalue()
    assert "试运行，未改动任何数据：共将删除咨询记录 2 条、转介 1 条，解除 2 条预约与来访者的关联" in text
    assert "畅心屋：" in text
    assert SessionRecord.objects.count() == 4 and Referral.objects.count() == 1
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.DELETE).exists()
    assert not Appointment.objects.filter(person__isnull=True).exists()


def test_the_command_purges_and_prints_counts(world: World, aged: tuple[Records, list[Appointment]]) -> None:
    out = StringIO()
    call_command("purge_counselling_records", stdout=out)
    assert "共删除咨询记录 2 条、转介 1 条，解除 2 条预约与来访者的关联，删除候补 0 条。" in out.getvalue()
    assert SessionRecord.objects.count() == 2


def test_the_purge_unlinks_the_person_and_keeps_a_key_for_the_statistics(
    world: World, aged: tuple[Records, list[Appointment]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("jiedao.counselling.selectors.stats.MIN_PEOPLE", 1)  # show the small figures
    rw, old = aged
    Appointment.objects.filter(pk=old[0].pk).update(is_anonymous=True, pseudonym="来访者K7Q2")
    Appointment.objects.filter(pk=old[1].pk).update(cancel_reason="家中有事")
    # A second old session of the worker: after the purge still one person.
    again = book(rw.room, rw.mine, world.people["worker"], old[0].starts_at + dt.timedelta(days=2))
    Appointment.objects.filter(pk=again.pk).update(status="attended")
    year = timezone.localtime(old[0].starts_at).year
    before = counselling_stats(subdistrict_id=world.liangcheng.pk, year=year)
    result = purge_expired_records()
    assert result.appointments == 3
    rows = Appointment.objects.filter(pk__in=[old[0].pk, old[1].pk, again.pk])
    assert all(a.person_id is None and a.person_key for a in rows)
    assert all(a.pseudonym == "" and a.cancel_reason == "" for a in rows)
    keys = {a.pk: a.person_key for a in rows}
    assert keys[old[0].pk] == keys[again.pk] != keys[old[1].pk]
    assert not Appointment.objects.filter(person=world.people["worker"], pk__in=keys).exists()
    # The statistics count the same sessions and people as before the purge (the
    # topics went with the records).
    after = counselling_stats(subdistrict_id=world.liangcheng.pk, year=year)
    assert before["sessions"]["value"] == 3 and before["sessions"]["people"] == 2
    for key in ("sessions", "months", "no_shows"):
        assert after[key] == before[key]
    [entry] = AuditEntry.objects.filter(action=AuditEntry.Action.DELETE)
    assert entry.detail["appointments_unlinked"] == 3
    assert "家中有事" not in str(entry.detail) and "K7Q2" not in str(entry.detail)
    # The recent ones keep their person.
    assert Appointment.objects.get(pk=rw.own.pk).person == world.people["worker"]
    assert purge_expired_records().appointments == 0


def test_an_unlinked_appointment_names_nobody_and_cannot_be_changed(
    client: Client, world: World, aged: tuple[Records, list[Appointment]]
) -> None:
    _rw, old = aged
    Appointment.objects.filter(pk=old[0].pk).update(status="booked")
    purge_expired_records()
    appointment = Appointment.objects.select_related("slot__room__studio", "counsellor__person").get(pk=old[0].pk)
    with pytest.raises(DomainError) as refused:
        services.cancel(actor=actor_for(world.users["admin"]), appointment=appointment, reason="补登")
    assert refused.value.code == "purged"
    with pytest.raises(DomainError):
        services.mark(actor=actor_for(world.users["counsellor"]), appointment=appointment, status="attended")
    # The worker no longer sees it as theirs; the office and the counsellor see no name.
    client.login(username="worker", password=PASSWORD)
    assert client.get(reverse("counselling:appointment_cancel", args=[old[0].pk])).status_code == 404
    ids = [a["id"] for a in client.get("/api/v1/counselling/appointments", **_bearer(world, "worker")).json()["items"]]
    assert old[0].pk not in ids
    for who in ("admin", "counsellor"):
        client.login(username=who, password=PASSWORD)
        answer = client.get("/api/v1/counselling/appointments", {"limit": 100}, **_bearer(world, who))
        items = answer.json()["items"]
        [row] = [a for a in items if a["id"] == old[0].pk]
        assert row["client"] == "（已过保存期限）"
        assert world.people["worker"].name not in str(row)
    body = client.get(reverse("counselling:caseload"), {"when": "past"}).content.decode()
    assert "（已过保存期限）" in body


def test_old_waitlist_entries_go(world: World, aged: tuple[Records, list[Appointment]]) -> None:
    rw, _ = aged
    old_day = timezone.localdate() - dt.timedelta(days=500)
    old = WaitlistEntry.objects.create(
        subdistrict=world.liangcheng,
        studio=rw.studio,
        person=world.people["jobseeker"],
        date_from=old_day,
        date_to=old_day,
        status="expired",
    )
    recent = WaitlistEntry.objects.create(
        subdistrict=world.liangcheng,
        studio=rw.studio,
        person=world.people["worker"],
        date_from=timezone.localdate(),
        date_to=timezone.localdate(),
    )
    assert purge_expired_records().waitlist == 1
    assert not WaitlistEntry.objects.filter(pk=old.pk).exists()
    assert WaitlistEntry.objects.filter(pk=recent.pk).exists()


def test_the_database_refuses_an_unlinked_appointment_without_a_key(
    world: World, aged: tuple[Records, list[Appointment]]
) -> None:
    _rw, old = aged
    with pytest.raises(IntegrityError), transaction.atomic():
        Appointment.objects.filter(pk=old[0].pk).update(person=None)
    # Anonymous and unlinked: no pseudonym needed any more.
    Appointment.objects.filter(pk=old[0].pk).update(person=None, person_key="k", is_anonymous=True, pseudonym="")


def test_no_new_record_on_an_unlinked_appointment(world: World, aged: tuple[Records, list[Appointment]]) -> None:
    from django.core.exceptions import ValidationError

    from jiedao.counselling.services import records

    _rw, old = aged
    purge_expired_records()
    appointment = Appointment.objects.get(pk=old[0].pk)
    with pytest.raises(ValidationError):
        records.record_save(
            actor=actor_for(world.users["counsellor"]),
            appointment=appointment,
            notes="补记",
            topics=[],
            risk_level="none",
        )
    assert not SessionRecord.objects.filter(appointment=appointment).exists()


def test_deleting_a_person_unlinks_their_appointments_with_a_key(
    world: World, aged: tuple[Records, list[Appointment]]
) -> None:
    from jiedao.counselling.models import person_key
    from jiedao.testing import make_person

    rw, _old = aged
    passer = make_person(world.liangcheng, "路人甲")
    appointment = book(rw.room, rw.mine, passer, timezone.now() - dt.timedelta(days=10), status="attended")
    passer_id = passer.pk
    passer.delete()  # no consent or waitlist entry holds the person back here
    appointment.refresh_from_db()
    assert appointment.person_id is None and appointment.person_key == person_key(passer_id)
