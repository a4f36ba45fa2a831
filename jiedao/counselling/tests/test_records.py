"""Session records: who may write and read them, the audit of every read and
write, the referral required at high risk, encryption at rest."""

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from jiedao.accounts.actor import actor_for
from jiedao.accounts.models import Role
from jiedao.core.errors import Forbidden
from jiedao.core.models import AuditEntry
from jiedao.counselling import access
from jiedao.counselling.models import Appointment, Counsellor, Referral, RiskLevel, SessionRecord
from jiedao.counselling.services import records
from jiedao.testing import World, make_person, make_user
from tests.access.counselling_records import NOTES, Records, book, records_world

pytestmark = pytest.mark.django_db

SECRET = "来访者谈到与主管的冲突，夜里睡不着"


def _referral(**extra: Any) -> dict[str, Any]:
    return {"referred_to": "虹口区精神卫生中心", "referred_at": timezone.now(), "reason": "有伤害自己的计划", **extra}


def _entries(**filters: Any) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(object_type__startswith="counselling.", **filters).order_by("id"))


def _no_content_in(entries: list[AuditEntry], *texts: str) -> None:
    dumped = " ".join(f"{e.object_repr} {e.detail}" for e in entries)
    for text in texts:
        assert text not in dumped


@pytest.fixture
def rw(world: World) -> Records:
    return records_world(world)


def test_the_counsellor_writes_a_record_and_the_write_is_audited_without_content(world: World, rw: Records) -> None:
    actor = actor_for(world.users["counsellor"])
    appointment = rw.own
    SessionRecord.objects.filter(appointment=appointment).delete()
    record = records.record_save(
        actor=actor, appointment=appointment, notes=SECRET, topics=["family", "work_stress"], risk_level="low"
    )
    record.refresh_from_db()
    assert record.notes == SECRET
    assert record.topics == "work_stress,family"  # in the order of Topic, each once
    assert record.written_by == world.users["counsellor"]
    [entry] = _entries(action=AuditEntry.Action.CREATE)
    # The fields are named, their values withheld (None): never the content.
    assert entry.detail == {"changes": {"notes": None, "risk_level": None, "topics": None}}
    assert entry.actor == world.users["counsellor"]
    _no_content_in([entry], SECRET, "work_stress", "low")

    records.record_save(actor=actor, appointment=appointment, notes=SECRET + "。", topics=["family"], risk_level="low")
    update = _entries(action=AuditEntry.Action.UPDATE)[-1]
    assert update.detail == {"changes": {"notes": None, "topics": None}}
    _no_content_in([update], SECRET)


def test_an_unchanged_save_writes_no_entry(world: World, rw: Records) -> None:
    actor = actor_for(world.users["counsellor"])
    record = SessionRecord.objects.get(appointment=rw.own)
    before = AuditEntry.objects.count()
    records.record_save(
        actor=actor, appointment=rw.own, notes=record.notes, topics=["work_stress"], risk_level=record.risk_level
    )
    assert AuditEntry.objects.count() == before


def test_every_read_of_the_counsellor_is_audited(world: World, rw: Records) -> None:
    actor = actor_for(world.users["counsellor"])
    for n in (1, 2):
        view = records.record_read(actor=actor, appointment=rw.own)
        assert view.record is not None and view.record.notes == NOTES
        assert view.capacity == "counsellor"
        reads = _entries(action=AuditEntry.Action.REVEAL)
        assert len(reads) == n
        assert reads[-1].detail == {"as": "counsellor"}
        _no_content_in(reads, NOTES)


def test_a_supervisor_reads_only_with_a_reason_which_is_recorded(world: World, rw: Records) -> None:
    actor = actor_for(world.users["supervisor"])
    for reason in ("", "看看", "   短   "):
        with pytest.raises(ValidationError) as exc:
            records.record_read(actor=actor, appointment=rw.theirs, reason=reason)
        assert "reason" in exc.value.message_dict
    assert _entries(action=AuditEntry.Action.REVEAL) == []
    reason = "个案督导：来访者风险评估需要复核，按督导制度查阅"
    view = records.record_read(actor=actor, appointment=rw.theirs, reason=reason)
    assert view.capacity == "supervisor" and view.record is not None
    [entry] = _entries(action=AuditEntry.Action.REVEAL)
    assert entry.detail == {"as": "supervisor", "reason": reason}
    assert entry.actor == world.users["supervisor"]


@pytest.mark.parametrize("persona", ["admin", "union", "labour", "xiuyuan", "jiachun", "worker", "other_admin"])
def test_nobody_else_reads_or_writes_a_record(world: World, rw: Records, persona: str) -> None:
    actor = actor_for(world.users[persona])
    with pytest.raises(Forbidden):
        records.record_read(actor=actor, appointment=rw.own, reason="我是单位领导，想了解一下情况如何")
    with pytest.raises(Forbidden):
        records.record_save(actor=actor, appointment=rw.own, notes="x", topics=[], risk_level="none")
    assert SessionRecord.objects.get(appointment=rw.own).notes == NOTES
    assert _entries(action__in=[AuditEntry.Action.REVEAL, AuditEntry.Action.UPDATE]) == []


def test_the_counsellor_of_another_appointment_gets_nothing(world: World, rw: Records) -> None:
    actor = actor_for(world.users["counsellor"])
    with pytest.raises(Forbidden):
        records.record_read(actor=actor, appointment=rw.theirs)
    with pytest.raises(Forbidden):
        records.record_save(actor=actor, appointment=rw.theirs, notes="x", topics=[], risk_level="none")
    with pytest.raises(Forbidden):
        records.referral_add(actor=actor, appointment=rw.theirs, **_referral())


def test_a_counsellor_who_is_also_a_supervisor_reads_others_only_with_a_reason(world: World, rw: Records) -> None:
    both = make_user(world.liangcheng, "both", (Role.COUNSELLOR, None), (Role.COUNSELLING_SUPERVISOR, None))
    actor = actor_for(both)
    with pytest.raises(ValidationError):
        records.record_read(actor=actor, appointment=rw.own)
    assert records.record_read(actor=actor, appointment=rw.own, reason="督导例会抽查记录质量").capacity == "supervisor"


def test_a_high_risk_record_needs_a_referral_and_nothing_is_saved_without_one(world: World, rw: Records) -> None:
    actor = actor_for(world.users["counsellor"])
    appointment = rw.own
    with pytest.raises(ValidationError) as exc:
        records.record_save(actor=actor, appointment=appointment, notes=SECRET, topics=[], risk_level=RiskLevel.HIGH)
    assert "referral" in exc.value.message_dict
    record = SessionRecord.objects.get(appointment=appointment)
    assert (record.notes, record.risk_level) == (NOTES, RiskLevel.NONE)
    # An incomplete referral: every missing part named, nothing saved.
    with pytest.raises(ValidationError) as exc:
        records.record_save(
            actor=actor,
            appointment=appointment,
            notes=SECRET,
            topics=[],
            risk_level=RiskLevel.HIGH,
            referral={"referred_to": "", "referred_at": None, "reason": ""},
        )
    assert {"referral_referred_to", "referral_referred_at", "referral_reason"} <= set(exc.value.message_dict)
    assert not Referral.objects.exists()

    records.record_save(
        actor=actor, appointment=appointment, notes=SECRET, topics=[], risk_level=RiskLevel.HIGH, referral=_referral()
    )
    referral = Referral.objects.get()
    assert referral.reason == "有伤害自己的计划" and referral.created_by == world.users["counsellor"]
    [entry] = _entries(object_type="counselling.referral")
    assert entry.action == AuditEntry.Action.CREATE
    assert entry.detail["record"] == SessionRecord.objects.get(appointment=appointment).pk
    # Neither why nor to whom, nor which appointment (the offices read the log).
    _no_content_in([entry], "有伤害自己的计划", SECRET, "精神卫生中心")
    assert "appointment" not in entry.detail and "预约" not in entry.object_repr
    # Once referred, the record may be edited again without a second referral.
    records.record_save(actor=actor, appointment=appointment, notes="复谈", topics=[], risk_level=RiskLevel.HIGH)
    assert Referral.objects.count() == 1


def test_referral_add_needs_a_record_first(world: World, rw: Records) -> None:
    actor = actor_for(world.users["counsellor"])
    fresh = book(rw.room, rw.mine, world.people["jobseeker"], timezone.now() - dt.timedelta(days=1))
    with pytest.raises(ValidationError):
        records.referral_add(actor=actor, appointment=fresh, **_referral())
    referral = records.referral_add(actor=actor, appointment=rw.own, **_referral(referred_to="家属（配偶）"))
    assert referral.record.appointment == rw.own


def test_bad_input_is_refused_with_every_problem(world: World, rw: Records) -> None:
    actor = actor_for(world.users["counsellor"])
    with pytest.raises(ValidationError) as exc:
        records.record_save(
            actor=actor, appointment=rw.own, notes="x" * 20_001, topics=["diagnosis"], risk_level="severe"
        )
    assert set(exc.value.message_dict) == {"notes", "topics", "risk_level"}
    future = timezone.now() + dt.timedelta(days=5)
    with pytest.raises(ValidationError) as exc:
        records.referral_add(actor=actor, appointment=rw.own, **_referral(referred_at=future))
    assert "referred_at" in exc.value.message_dict


def test_no_record_for_a_cancelled_appointment(world: World, rw: Records) -> None:
    actor = actor_for(world.users["counsellor"])
    cancelled = book(
        rw.room, rw.mine, world.people["jobseeker"], timezone.now() - dt.timedelta(days=1), status="cancelled"
    )
    with pytest.raises(ValidationError):
        records.record_save(actor=actor, appointment=cancelled, notes="x", topics=[], risk_level="none")
    assert not SessionRecord.objects.filter(appointment=cancelled).exists()


def test_a_read_before_the_first_write_returns_nothing_and_logs_nothing(world: World, rw: Records) -> None:
    actor = actor_for(world.users["counsellor"])
    fresh = book(rw.room, rw.mine, world.people["jobseeker"], timezone.now() - dt.timedelta(days=1))
    view = records.record_read(actor=actor, appointment=fresh)
    assert view.record is None and view.topics == []
    assert _entries(action=AuditEntry.Action.REVEAL) == []


def test_records_and_referral_reasons_are_encrypted_at_rest(world: World, rw: Records) -> None:
    actor = actor_for(world.users["counsellor"])
    records.record_save(
        actor=actor,
        appointment=rw.own,
        notes=SECRET,
        topics=["family"],
        risk_level=RiskLevel.HIGH,
        referral=_referral(),
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT notes, topics FROM counselling_sessionrecord")
        raw = [value for row in cursor.fetchall() for value in row]
        cursor.execute("SELECT reason FROM counselling_referral")
        raw += [row[0] for row in cursor.fetchall()]
    assert raw and all(raw)
    joined = " ".join(raw)
    for plain in (SECRET, "咨询记录机密内容", "family", "work_stress", "有伤害自己的计划"):
        assert plain not in joined


def test_the_profile_of_a_second_counsellor_does_not_widen_the_first(world: World, rw: Records) -> None:
    """A counsellor user sees their own caseload only, even with a second profile in the studio."""
    user = make_user(world.liangcheng, "counsellor2", (Role.COUNSELLOR, None))
    Counsellor.objects.filter(pk=rw.other.pk).update(person=make_person(world.liangcheng, "刘静二", user=user))
    actor = actor_for(world.users["counsellor"])
    assert not access.own_appointments(actor).filter(pk=rw.theirs.pk).exists()
    other_actor = actor_for(user)
    assert records.record_read(actor=other_actor, appointment=Appointment.objects.get(pk=rw.theirs.pk)).record


def test_no_record_before_the_session_has_started(world: World, rw: Records) -> None:
    actor = actor_for(world.users["counsellor"])
    later = book(rw.room, rw.mine, world.people["jobseeker"], timezone.now() + dt.timedelta(hours=2))
    with pytest.raises(ValidationError) as exc:
        records.record_save(actor=actor, appointment=later, notes="x", topics=[], risk_level="none")
    assert "尚未开始" in str(exc.value)
    assert not SessionRecord.objects.filter(appointment=later).exists()
