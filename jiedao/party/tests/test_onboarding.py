"""The 三个一 computed from the records, and the studio's reminder."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone
from pytest_django import Settings

from jiedao.accounts.actor import actor_for
from jiedao.activities.models import Activity, Attendance, Session
from jiedao.core import notifications
from jiedao.core.errors import Conflict
from jiedao.org.models import Unit
from jiedao.party import selectors, services
from jiedao.party.models import OnboardingReminder, PartyMember
from jiedao.party.selectors import steps as steps_module
from jiedao.party.tests.conftest import PartySetup
from jiedao.testing import World, make_unit
from jiedao.volunteering.selectors import VerifiedService

pytestmark = pytest.mark.django_db


def _visit(world: World, party: PartySetup, organiser: Unit, person_id: int) -> Attendance:
    start = timezone.now() - dt.timedelta(days=2)
    activity = Activity.objects.create(
        subdistrict=world.liangcheng, kind=Activity.Kind.VISIT, title="参观党群服务中心", organiser=organiser
    )
    session = Session.objects.create(
        subdistrict=world.liangcheng,
        activity=activity,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
        place="中心",
    )
    return Attendance.objects.create(
        subdistrict=world.liangcheng, session=session, person_id=person_id, method="qr", signed_in_at=start
    )


def _steps(world: World, member: PartyMember) -> dict[str, bool]:
    state = selectors.onboarding([member], subdistrict_id=world.liangcheng.pk)[0]
    return {s.key: s.done for s in state.steps}


def test_the_steps_come_from_the_records(world: World, party: PartySetup, monkeypatch: pytest.MonkeyPatch) -> None:
    newcomer = party.newcomer
    assert _steps(world, newcomer) == {"visit": False, "lecture": False, "service": False}
    # A visit organised by another unit is not the centre's.
    _visit(world, party, make_unit(world.liangcheng, "某公司"), newcomer.person_id)
    assert _steps(world, newcomer)["visit"] is False
    visit = _visit(world, party, party.centre, newcomer.person_id)
    Attendance.objects.create(
        subdistrict=world.liangcheng,
        session=party.session,
        person=newcomer.person,
        method="qr",
        signed_in_at=party.session.starts_at,
    )
    service = VerifiedService(claim_id=7, task="社区助老", starts_at=timezone.now(), hours=Decimal(2))
    monkeypatch.setattr(
        steps_module, "first_verified_service", lambda *, subdistrict_id, person_ids: {newcomer.person_id: service}
    )
    state = selectors.onboarding([newcomer], subdistrict_id=world.liangcheng.pk)[0]
    assert state.complete and state.days_since_transfer == 10
    visit_step, _lecture, service_step = state.steps
    assert visit_step.record is not None and visit_step.record.id == visit.pk
    assert service_step.record is not None and (service_step.record.kind, service_step.record.id) == ("claim", 7)


def test_the_newcomers_are_the_sanxin_members_transferred_in_and_still_here(world: World, party: PartySetup) -> None:
    assert list(selectors.newcomers(PartyMember.objects.all())) == [party.newcomer]
    party.newcomer.transferred_out_on, party.newcomer.transferred_out_to = timezone.localdate(), "外区"
    party.newcomer.save()
    assert not selectors.newcomers(PartyMember.objects.all()).exists()


def test_the_studio_reminds_by_sms_once_a_day_and_never_someone_done(
    world: World,
    party: PartySetup,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.JIEDAO_SMS_BACKEND = "jiedao.core.notifications.LocmemSmsBackend"
    notifications.outbox.clear()
    centre = actor_for(world.users["centre"])
    with django_capture_on_commit_callbacks() as callbacks:
        reminder = services.remind(actor=centre, member=party.newcomer)
    assert not notifications.outbox  # nothing leaves before the reminder is committed
    for callback in callbacks:
        callback()
    assert reminder.sent and reminder.missing == "visit,lecture,service"
    assert OnboardingReminder.objects.get(pk=reminder.pk).sent
    message = notifications.outbox[-1]
    assert message.template == "pending_steps" and "报到" in message.text and "党" not in message.text
    with pytest.raises(Conflict):
        services.remind(actor=centre, member=party.newcomer)
    with pytest.raises(Conflict):
        services.remind(actor=centre, member=party.member)  # not a newcomer
    state = selectors.onboarding([party.newcomer], subdistrict_id=world.liangcheng.pk)[0]
    assert state.last_reminder == reminder


def _served(world: World, party: PartySetup, person_id: int, *, hours: str, verified: bool) -> int:
    """A claim of a past public-service shift with its record (the volunteering models)."""
    from jiedao.volunteering.models import Claim, ServiceRecord, Shift, Task

    start = timezone.now() - dt.timedelta(days=3)
    activity = Activity.objects.create(
        subdistrict=world.liangcheng, kind=Activity.Kind.SERVICE, title="社区助老陪伴", organiser=party.centre
    )
    task = Task.objects.create(
        subdistrict=world.liangcheng, activity=activity, contact="凝新工作室", hours_per_shift=Decimal(2)
    )
    session = Session.objects.create(
        subdistrict=world.liangcheng, activity=activity, starts_at=start, ends_at=start + dt.timedelta(hours=2)
    )
    shift = Shift.objects.create(subdistrict=world.liangcheng, task=task, session=session, capacity=5, claimed=1)
    claim = Claim.objects.create(subdistrict=world.liangcheng, shift=shift, person_id=person_id)
    ServiceRecord.objects.create(
        subdistrict=world.liangcheng,
        claim=claim,
        source=ServiceRecord.Source.REPORTED,
        hours=Decimal(hours),
        status=ServiceRecord.Status.VERIFIED if verified else ServiceRecord.Status.PENDING,
        verified_at=timezone.now() if verified else None,
    )
    return claim.pk


def test_the_service_step_is_a_claim_with_verified_hours(world: World, party: PartySetup) -> None:
    newcomer = party.newcomer
    _served(world, party, newcomer.person_id, hours="2", verified=False)  # not yet verified
    _served(world, party, party.member.person_id, hours="2", verified=True)  # someone else's
    assert _steps(world, newcomer)["service"] is False
    claim = _served(world, party, newcomer.person_id, hours="2", verified=True)
    service = selectors.onboarding([newcomer], subdistrict_id=world.liangcheng.pk)[0].steps[2]
    assert service.done and service.record is not None and service.record.id == claim
    assert service.record.title == "社区助老陪伴"


def test_a_record_verified_at_zero_hours_is_no_service(world: World, party: PartySetup) -> None:
    _served(world, party, party.newcomer.person_id, hours="0", verified=True)
    assert _steps(world, party.newcomer)["service"] is False


def test_the_studio_page_counts_and_filters_who_misses_what(client: Any, world: World, party: PartySetup) -> None:
    from jiedao.testing import PASSWORD, make_person

    done = make_person(world.liangcheng, "孙浩然", roles={"is_party_member"}, party_category="new_economic")
    member = PartyMember.objects.create(
        subdistrict=world.liangcheng,
        person=done,
        branch=party.enterprise,
        category="new_economic",
        transferred_in_on=timezone.localdate() - dt.timedelta(days=30),
    )
    _served(world, party, done.pk, hours="2", verified=True)
    assert _steps(world, member) == {"visit": False, "lecture": False, "service": True}
    assert client.login(username="centre", password=PASSWORD)
    page = client.get("/party/onboarding/").content.decode()
    assert "共 2 人" in page and "未认领公益服务 1 人" in page and "未参观 2 人" in page
    service = client.get("/party/onboarding/", {"missing": "service"}).content.decode()
    assert party.newcomer.person.name in service and "孙浩然" not in service


def _newcomer(world: World, party: PartySetup, name: str, days: int) -> PartyMember:
    from jiedao.testing import make_person

    person = make_person(world.liangcheng, name, roles={"is_party_member"}, party_category="new_social")
    return PartyMember.objects.create(
        subdistrict=world.liangcheng,
        person=person,
        branch=party.enterprise,
        category="new_social",
        transferred_in_on=timezone.localdate() - dt.timedelta(days=days),
    )


def _lecture_attended(world: World, party: PartySetup, person_id: int) -> None:
    Attendance.objects.create(
        subdistrict=world.liangcheng,
        session=party.session,
        person_id=person_id,
        method="qr",
        signed_in_at=party.session.starts_at,
    )


def test_the_database_flags_agree_with_the_records(world: World, party: PartySetup) -> None:
    """``with_steps`` (filters and counts) and ``onboarding`` (the records shown) say
    the same of every newcomer, whatever they did."""
    everything = _newcomer(world, party, "赵文静", 40)
    _visit(world, party, party.centre, everything.person_id)
    _lecture_attended(world, party, everything.person_id)
    _served(world, party, everything.person_id, hours="2", verified=True)
    elsewhere = _newcomer(world, party, "钱晓燕", 20)
    _visit(world, party, make_unit(world.liangcheng, "某公司"), elsewhere.person_id)  # not the studio's visit
    _served(world, party, elsewhere.person_id, hours="0", verified=True)  # zero hours: no service
    lecture_only = _newcomer(world, party, "孙立伟", 5)
    _lecture_attended(world, party, lecture_only.person_id)
    _served(world, party, lecture_only.person_id, hours="3", verified=False)  # not yet verified
    flags = {
        m.pk: {"visit": m.did_visit, "lecture": m.did_lecture, "service": m.did_service}  # type: ignore[attr-defined]
        for m in selectors.with_steps(
            selectors.newcomers(PartyMember.objects.all()), subdistrict_id=world.liangcheng.pk
        )
    }
    assert flags[everything.pk] == {"visit": True, "lecture": True, "service": True}
    assert flags[lecture_only.pk] == {"visit": False, "lecture": True, "service": False}
    for member in PartyMember.objects.filter(pk__in=flags):
        assert _steps(world, member) == flags[member.pk], member
    # Without a studio any visit counts, in both.
    party.studio.delete()
    assert _steps(world, elsewhere)["visit"] is True
    again = selectors.with_steps(PartyMember.objects.filter(pk=elsewhere.pk), subdistrict_id=world.liangcheng.pk)
    assert getattr(again.get(), "did_visit") is True  # noqa: B009


def test_the_studio_sees_who_is_not_done_by_default_and_who_finished(
    client: Any, world: World, party: PartySetup
) -> None:
    """Someone who did all three leaves the default list (not yet complete) and shows
    under "已全部完成"; the counts come from the database."""
    from jiedao.testing import PASSWORD

    done = _newcomer(world, party, "赵文静", 40)
    _visit(world, party, party.centre, done.person_id)
    _lecture_attended(world, party, done.person_id)
    _served(world, party, done.person_id, hours="2", verified=True)
    counts = selectors.missing_counts(PartyMember.objects.all(), subdistrict_id=world.liangcheng.pk)
    assert counts == {"all": 2, "any": 1, "visit": 1, "lecture": 1, "service": 1, "done": 1}
    assert client.login(username="centre", password=PASSWORD)
    page = client.get("/party/onboarding/").content.decode()
    assert party.newcomer.person.name in page and "赵文静" not in page
    assert "共 2 人" in page and "1 人已全部完成" in page
    finished = client.get("/party/onboarding/", {"missing": "done"}).content.decode()
    assert "赵文静" in finished and party.newcomer.person.name not in finished
    everyone = client.get("/party/onboarding/", {"missing": "all"}).content.decode()
    assert "赵文静" in everyone and party.newcomer.person.name in everyone
    unknown = client.get("/party/onboarding/", {"missing": "nonsense"})
    assert unknown.status_code == 200 and "赵文静" not in unknown.content.decode()


def test_the_api_filters_the_same_way(client: Any, world: World, party: PartySetup) -> None:
    from jiedao.accounts.tokens import token_issue

    done = _newcomer(world, party, "赵文静", 40)
    _visit(world, party, party.centre, done.person_id)
    _lecture_attended(world, party, done.person_id)
    _served(world, party, done.person_id, hours="2", verified=True)
    raw, _ = token_issue(user=world.users["centre"])
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

    def names(**query: str) -> list[str]:
        answer = client.get("/api/v1/party/onboarding", query, **headers)
        assert answer.status_code == 200
        return [item["member"]["name"] for item in answer.json()["items"]]

    assert names() == ["李建国", "赵文静"]  # newest transfer first; all by default
    assert names(missing="any") == ["李建国"]
    assert names(missing="done") == ["赵文静"]
    refused = client.get("/api/v1/party/onboarding", {"missing": "nonsense"}, **headers)
    assert refused.status_code in (400, 422) and refused.json()["code"]
