"""Job-seeker registration, guidance and referrals: services and pages."""

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from time_machine import TimeMachineFixture

from jiedao.accounts.actor import actor_for
from jiedao.core.errors import Conflict, Forbidden, NotFound
from jiedao.core.models import AuditEntry
from jiedao.employment import services
from jiedao.employment.models import JobReferral, JobSeeker
from jiedao.employment.tests.conftest import seeker_of
from jiedao.people.models import Person
from jiedao.testing import World, make_unit

pytestmark = pytest.mark.django_db
TODAY = dt.date(2021, 3, 1)


@pytest.fixture(autouse=True)
def _today(time_machine: TimeMachineFixture) -> None:
    time_machine.move_to(dt.datetime(2021, 3, 1, 10, tzinfo=dt.UTC))


def _data(**extra: Any) -> dict[str, Any]:
    return {
        "registered_on": TODAY,
        "is_registered_unemployed": True,
        "unemployed_since": dt.date(2021, 2, 1),
        "education": "junior",
        "skills_wanted": "插花",
        "desired_work": "  花店\t店员 ",
        "availability": "full_time",
        "available_from": None,
        "note": "",
        **extra,
    }


def test_register_by_id_number_is_audited_and_cleans_text(world: World) -> None:
    labour = actor_for(world.users["labour"])
    person = world.people["worker"]
    seeker = services.register_by_id_number(actor=labour, id_number=person.id_number, **_data())
    assert seeker.person == person and seeker.desired_work == "花店 店员"
    entry = AuditEntry.objects.get(object_type="employment.jobseeker", object_id=str(seeker.pk))
    assert entry.action == AuditEntry.Action.CREATE


def test_register_refuses_a_second_registration_and_an_unknown_number(world: World) -> None:
    labour = actor_for(world.users["labour"])
    setup = seeker_of(world)
    with pytest.raises(Conflict) as refused:
        services.register_job_seeker(actor=labour, person=setup.seeker.person, **_data())
    assert refused.value.details == {"id": setup.seeker.pk}
    outsider = world.people["quyang_resident"]
    with pytest.raises(ValidationError) as invalid:
        services.register_by_id_number(actor=labour, id_number=outsider.id_number, **_data())
    assert "id_number" in invalid.value.message_dict


def test_register_checks_dates_and_status(world: World) -> None:
    labour = actor_for(world.users["labour"])
    person = world.people["worker"]
    with pytest.raises(ValidationError) as invalid:
        services.register_job_seeker(
            actor=labour,
            person=person,
            **_data(registered_on=TODAY + dt.timedelta(days=1), unemployed_since=None, education="phd"),
        )
    assert set(invalid.value.message_dict) == {"registered_on", "unemployed_since", "education"}
    # Not registered unemployed: the date is dropped, not kept against the status.
    seeker = services.register_job_seeker(
        actor=labour, person=person, **_data(is_registered_unemployed=False, unemployed_since=dt.date(2021, 1, 1))
    )
    assert seeker.unemployed_since is None
    assert not JobSeeker.objects.filter(closed_on__isnull=False).exists()


def test_only_the_labour_office_writes(world: World) -> None:
    admin = actor_for(world.users["admin"])
    with pytest.raises(Forbidden):
        services.register_job_seeker(actor=admin, person=world.people["worker"], **_data())


def test_services_do_not_reach_another_sub_district(world: World) -> None:
    """A registration of 曲阳 handed to 凉城's labour office is not found by the
    services either, whatever the caller: nothing is written."""
    labour = actor_for(world.users["labour"])
    theirs = JobSeeker.objects.create(
        subdistrict=world.quyang,
        person=world.people["quyang_resident"],
        registered_on=TODAY,
        education="senior",
        availability="full_time",
    )
    writes = (
        lambda: services.record_guidance(actor=labour, job_seeker=theirs, held_on=TODAY, adviser="周敏", topic="面试"),
        lambda: services.refer(
            actor=labour, job_seeker=theirs, referred_on=TODAY, position="店员", employer_name="花店"
        ),
        lambda: services.close_job_seeker(actor=labour, job_seeker=theirs, closed_on=TODAY, closed_reason="left"),
    )
    for write in writes:
        with pytest.raises(NotFound):
            write()
    assert not theirs.guidance_sessions.exists() and not theirs.referrals.exists()
    theirs.refresh_from_db()
    assert theirs.is_open


def test_database_refuses_a_date_without_the_status_and_two_employers(world: World) -> None:
    setup = seeker_of(world)
    with pytest.raises(IntegrityError), transaction.atomic():
        JobSeeker.objects.filter(pk=setup.seeker.pk).update(is_registered_unemployed=False)
    with pytest.raises(IntegrityError), transaction.atomic():
        JobReferral.objects.filter(pk=setup.referral.pk).update(employer_name="另一家")


def test_referral_with_free_text_employer_and_outcome(world: World) -> None:
    labour = actor_for(world.users["labour"])
    seeker = seeker_of(world).seeker
    with pytest.raises(ValidationError) as invalid:
        services.refer(actor=labour, job_seeker=seeker, referred_on=TODAY, position="店员")
    assert "employer" in invalid.value.message_dict
    referral = services.refer(
        actor=labour, job_seeker=seeker, referred_on=TODAY, position="店员", employer_name="凉城花艺工作室"
    )
    assert referral.employer_label == "凉城花艺工作室"
    with pytest.raises(ValidationError) as invalid:
        services.record_referral_outcome(actor=labour, referral=referral, outcome="hired", outcome_on=None)
    assert "outcome_on" in invalid.value.message_dict
    services.record_referral_outcome(actor=labour, referral=referral, outcome="hired", outcome_on=TODAY)
    referral.refresh_from_db()
    assert referral.outcome == "hired"
    assert AuditEntry.objects.filter(object_id=str(referral.pk), action=AuditEntry.Action.UPDATE).exists()
    # An employer of another sub-district reads like one that does not exist.
    other = make_unit(world.quyang, "曲阳雇主有限公司")
    with pytest.raises(ValidationError):
        services.refer(actor=labour, job_seeker=seeker, referred_on=TODAY, position="x", employer=other)


def test_pages_register_then_guide_and_refer(client: Client, world: World) -> None:
    client.force_login(world.users["labour"])
    person = world.people["worker"]
    form = {**_data(), "id_number": person.id_number, "registered_on": "2021-03-01", "unemployed_since": "2021-02-01"}
    form["is_registered_unemployed"] = "on"
    form["available_from"] = ""
    form["desired_work"] = "花店店员"
    response = client.post(reverse("employment:seeker_create"), form)
    assert response.status_code == 302, response.context["form"].errors
    seeker = JobSeeker.objects.get(person=person)
    bad = client.post(reverse("employment:seeker_create"), form)
    assert bad.status_code == 400 and "此人已有求职登记" in bad.content.decode()
    guided = client.post(
        reverse("employment:guidance_create", args=[seeker.pk]),
        {"held_on": "2021-03-01", "adviser": "周敏", "topic": "面试指导"},
    )
    assert guided.status_code == 302
    referred = client.post(
        reverse("employment:referral_create", args=[seeker.pk]),
        {"referred_on": "2021-03-01", "employer": world.gongzhi.pk, "position": "客服"},
    )
    assert referred.status_code == 302
    page = client.get(reverse("employment:seeker", args=[seeker.pk])).content.decode()
    assert "面试指导" in page and "上海共志通信信息技术发展有限公司" in page


def test_resident_page_shows_own_registration_only(client: Client, world: World) -> None:
    seeker_of(world)
    client.force_login(world.users["jobseeker"])
    page = client.get(reverse("employment:mine")).content.decode()
    assert "花店店员" in page and "求职简历与面试" in page and "软装助理" in page
    client.force_login(world.users["worker"])
    page = client.get(reverse("employment:mine")).content.decode()
    assert "花店店员" not in page and "您还没有求职登记" in page


def _person_audits(person_id: int) -> list[dict[str, Any]]:
    entries = AuditEntry.objects.filter(object_type="people.person", object_id=str(person_id)).order_by("id")
    return [e.detail for e in entries]


def test_the_registration_keeps_the_job_seeker_flag(world: World) -> None:
    """Registering sets ``Person.is_job_seeker``; closing (found work, left) clears it;
    reopening sets it again — through the people service, audited, in one transaction."""
    labour = actor_for(world.users["labour"])
    person = world.people["worker"]
    assert not person.is_job_seeker
    seeker = services.register_job_seeker(actor=labour, person=person, **_data())
    person.refresh_from_db()
    assert person.is_job_seeker
    assert _person_audits(person.pk) == [{"changes": {"is_job_seeker": None}}]
    with pytest.raises(ValidationError) as invalid:  # a closing says why
        services.update_job_seeker(actor=labour, job_seeker=seeker, **_data(closed_on=TODAY))
    assert "closed_reason" in invalid.value.message_dict
    services.update_job_seeker(actor=labour, job_seeker=seeker, **_data(closed_on=TODAY, closed_reason="left"))
    person.refresh_from_db()
    assert not person.is_job_seeker and len(_person_audits(person.pk)) == 2
    # Still closed, another field changed: the flag is left alone.
    services.update_job_seeker(
        actor=labour, job_seeker=seeker, **_data(closed_on=TODAY, closed_reason="employed", note="已入职")
    )
    assert len(_person_audits(person.pk)) == 2
    reopened = services.update_job_seeker(actor=labour, job_seeker=seeker, **_data(closed_reason="left"))
    person.refresh_from_db()
    assert person.is_job_seeker and reopened.closed_reason == "" and len(_person_audits(person.pk)) == 3


def test_a_refused_write_leaves_the_flag(world: World) -> None:
    labour = actor_for(world.users["labour"])
    seeker = seeker_of(world).seeker
    with pytest.raises(ValidationError):
        services.update_job_seeker(
            actor=labour, job_seeker=seeker, **_data(registered_on=dt.date(2020, 9, 1), closed_on=dt.date(2020, 8, 1))
        )
    person = Person.objects.get(pk=seeker.person_id)
    assert person.is_job_seeker and not _person_audits(person.pk)


def test_a_closed_registration_takes_no_guidance_or_referral(world: World) -> None:
    labour = actor_for(world.users["labour"])
    seeker = seeker_of(world).seeker
    JobSeeker.objects.filter(pk=seeker.pk).update(closed_on=TODAY, closed_reason="left")
    with pytest.raises(Conflict) as refused:
        services.record_guidance(actor=labour, job_seeker=seeker, held_on=TODAY, adviser="周敏", topic="面试")
    assert refused.value.code == "registration_closed"
    with pytest.raises(Conflict):
        services.refer(actor=labour, job_seeker=seeker, referred_on=TODAY, position="店员", employer_name="花店")


def test_a_hire_can_close_the_registration(world: World) -> None:
    """A placement: the referral's outcome "hired" closes the registration as found work."""
    labour = actor_for(world.users["labour"])
    setup = seeker_of(world)
    with pytest.raises(ValidationError) as invalid:
        services.record_referral_outcome(
            actor=labour, referral=setup.referral, outcome="interviewed", outcome_on=TODAY, close_registration=True
        )
    assert "close_registration" in invalid.value.message_dict
    services.record_referral_outcome(
        actor=labour, referral=setup.referral, outcome="hired", outcome_on=TODAY, close_registration=True
    )
    seeker = JobSeeker.objects.select_related("person").get(pk=setup.seeker.pk)
    assert (seeker.closed_on, seeker.closed_reason, seeker.person.is_job_seeker) == (TODAY, "employed", False)


def test_pages_close_a_registration_with_its_reason(client: Client, world: World) -> None:
    setup = seeker_of(world)
    client.force_login(world.users["labour"])
    form = {**_data(), "registered_on": "2020-09-01", "unemployed_since": "2020-08-15", "available_from": ""}
    form.update(is_registered_unemployed="on", closed_on="2021-02-01", desired_work="花店店员")
    bad = client.post(reverse("employment:seeker_edit", args=[setup.seeker.pk]), form)
    assert bad.status_code == 400 and "请选择注销原因" in bad.content.decode(), bad.context["form"].errors
    placed = client.post(
        reverse("employment:referral_outcome", args=[setup.referral.pk]),
        {"outcome": "hired", "outcome_on": "2021-02-01", "close_registration": "on"},
    )
    assert placed.status_code == 302
    page = client.get(reverse("employment:seeker", args=[setup.seeker.pk])).content.decode()
    assert "已注销" in page and "已就业" in page
    assert not Person.objects.get(pk=setup.seeker.person_id).is_job_seeker
    # The register lists it under "closed" and "found work", not under the default "open".
    name = setup.seeker.person.name
    listed = {
        status: name in client.get(reverse("employment:seekers"), {"status": status}).content.decode()
        for status in ("open", "closed", "employed", "left", "")
    }
    assert listed == {"open": False, "closed": True, "employed": True, "left": False, "": True}
    # 李建国 lives in 中虹, not in 秀苑; his ID number shows masked.
    in_zhonghong = client.get(reverse("employment:seekers"), {"status": "", "area": str(world.zhonghong.pk)})
    assert (
        name in in_zhonghong.content.decode() and setup.seeker.person.id_number_masked in in_zhonghong.content.decode()
    )
    assert setup.seeker.person.id_number not in in_zhonghong.content.decode()
    in_xiuyuan = client.get(reverse("employment:seekers"), {"status": "", "area": str(world.xiuyuan.pk)})
    assert name not in in_xiuyuan.content.decode()
