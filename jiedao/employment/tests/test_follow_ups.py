"""Follow-up of trainees: scheduling, the due list, recording, reminders, the rates
(with a pinned number of queries) and the API."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries, Settings
from pytest_django import DjangoCaptureOnCommitCallbacks as CaptureCallbacks
from time_machine import TimeMachineFixture

from jiedao.accounts.actor import actor_for
from jiedao.accounts.tokens import token_issue
from jiedao.core.errors import Forbidden
from jiedao.core.models import AuditEntry
from jiedao.employment.models import FollowUp, JobSeeker, with_due_on
from jiedao.employment.selectors.follow_ups import follow_up_rows
from jiedao.employment.selectors.rates import rates_for
from jiedao.employment.services.follow_ups import record_follow_up, schedule_follow_ups, send_reminders
from jiedao.employment.tests.conftest import CLASS_ENDED, enrol, make_class, seeker_of, trainees
from jiedao.testing import World
from jiedao.training.models import Enrolment
from jiedao.training.services.completion import close_class

pytestmark = pytest.mark.django_db
API_QUERIES = 4  # the token with its user and role assignments, a count and a page
NOW = dt.datetime(2021, 2, 1, 2, tzinfo=dt.UTC)  # 94 days after the class ended


@pytest.fixture(autouse=True)
def _now(time_machine: TimeMachineFixture) -> None:
    time_machine.move_to(NOW)


def test_schedule_makes_one_row_per_enrolment_and_offset_once(world: World) -> None:
    klass = make_class(world)
    enrolments = trainees(world, 3, klass)
    make_class(world, course_name="家政服务", ends_on=dt.date(2021, 3, 1))  # not ended: nothing
    assert schedule_follow_ups() == 9
    assert schedule_follow_ups() == 0
    rows = with_due_on(FollowUp.objects.filter(enrolment=enrolments[0]))
    due = sorted((f.offset_days, f.due_on) for f in rows)  # type: ignore[attr-defined]
    assert due == [(30, dt.date(2020, 11, 29)), (90, dt.date(2021, 1, 28)), (180, dt.date(2021, 4, 28))]
    with pytest.raises(IntegrityError), transaction.atomic():
        FollowUp.objects.create(subdistrict=world.liangcheng, enrolment=enrolments[0], offset_days=30)


def test_follow_ups_wait_for_the_class_to_be_assessed(world: World) -> None:
    """A class whose last day has passed but that has not been through 结业评定 has no
    follow-ups yet (nothing due, nothing in the rates); closing the class makes them,
    due from its last day."""
    klass = make_class(world)
    enrolments = trainees(world, 2, klass)
    Enrolment.objects.filter(pk__in=[e.pk for e in enrolments]).update(
        status=Enrolment.Status.ENROLLED, completed_on=None
    )
    labour = actor_for(world.users["labour"])
    assert schedule_follow_ups() == 0
    assert not follow_up_rows(labour, due=True).exists()
    assert rates_for(labour).total.trainees == 0
    close_class(actor=labour, training_class=klass)
    assert schedule_follow_ups() == 6
    assert len(follow_up_rows(labour, due=True)) == 4
    assert rates_for(labour).total.trainees == 2


def test_offsets_are_configurable(world: World, settings: Settings) -> None:
    settings.JIEDAO_FOLLOW_UP_DAYS = (60,)
    trainees(world, 2, make_class(world))
    assert schedule_follow_ups() == 2
    assert set(FollowUp.objects.values_list("offset_days", flat=True)) == {60}


def test_due_list_and_recording(world: World) -> None:
    klass = make_class(world)
    first, second = trainees(world, 2, klass)
    schedule_follow_ups()
    labour = actor_for(world.users["labour"])
    due = list(follow_up_rows(labour, due=True))
    assert [f.offset_days for f in due] == [30, 30, 90, 90]
    assert {f.person_name for f in due} == {first.person.name, second.person.name}  # type: ignore[attr-defined]
    f = due[0]
    with pytest.raises(ValidationError) as invalid:
        record_follow_up(actor=labour, follow_up=f, outcome="employed", followed_up_on=NOW.date())
    assert {"employer", "employed_since", "contract"} <= set(invalid.value.message_dict)
    with pytest.raises(ValidationError) as invalid:
        record_follow_up(actor=labour, follow_up=f, outcome="unreachable", followed_up_on=CLASS_ENDED)
    assert "followed_up_on" in invalid.value.message_dict
    record_follow_up(
        actor=labour,
        follow_up=f,
        outcome="employed",
        followed_up_on=NOW.date(),
        employer=world.jiachun,
        employed_since=dt.date(2020, 11, 16),
        contract="fixed_term",
    )
    # Corrected to not employed: the employment fields go with it.
    record_follow_up(
        actor=labour, follow_up=f, outcome="not_employed", followed_up_on=NOW.date(), employer_name="不该保存"
    )
    f.refresh_from_db()
    assert (f.outcome, f.employer_id, f.employer_name, f.contract) == ("not_employed", None, "", "")
    assert AuditEntry.objects.filter(object_type="employment.followup", object_id=str(f.pk)).count() == 2
    assert len(list(follow_up_rows(labour, due=True))) == 3
    with pytest.raises(Forbidden):
        record_follow_up(
            actor=actor_for(world.users["admin"]), follow_up=due[1], outcome="unreachable", followed_up_on=NOW.date()
        )


def test_database_refuses_an_employment_without_where(world: World) -> None:
    enrolment = enrol(world, make_class(world), world.people["jobseeker"])
    with pytest.raises(IntegrityError), transaction.atomic():
        FollowUp.objects.create(
            subdistrict=world.liangcheng,
            enrolment=enrolment,
            offset_days=30,
            outcome="employed",
            followed_up_on=CLASS_ENDED,
            employed_since=CLASS_ENDED,
        )


def test_reminders_once_per_follow_up_and_day(
    world: World, time_machine: TimeMachineFixture, django_capture_on_commit_callbacks: CaptureCallbacks
) -> None:
    world.users["labour"].email = "labour@example.org"
    world.users["labour"].save()
    trainees(world, 2, make_class(world))
    schedule_follow_ups()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_reminders() == 1
        assert send_reminders() == 0  # the same day again: nothing
    assert len(mail.outbox) == 1 and "4条" in mail.outbox[0].body  # 2 trainees × (30, 90 days)
    # Nothing new comes due the next day; the 180-day ones do in April, each reminded once.
    with django_capture_on_commit_callbacks(execute=True):
        assert send_reminders(today=NOW.date() + dt.timedelta(days=1)) == 0
        assert send_reminders(today=dt.date(2021, 4, 28)) == 1
    assert len(mail.outbox) == 2 and "2条" in mail.outbox[1].body


def test_due_dates_follow_the_class_end(world: World) -> None:
    """The due date is computed from the class: a class whose last session moves later
    moves its follow-ups, already scheduled, with it."""
    klass = make_class(world)
    trainees(world, 1, klass)
    schedule_follow_ups()
    labour = actor_for(world.users["labour"])

    def due_dates(due: bool) -> list[dt.date]:
        return [f.due_on for f in follow_up_rows(labour, due=due)]  # type: ignore[attr-defined]

    assert due_dates(True) == [dt.date(2020, 11, 29), dt.date(2021, 1, 28)]
    klass.ends_on = dt.date(2020, 11, 20)
    klass.save(update_fields=["ends_on"])
    assert due_dates(True) == [dt.date(2020, 12, 20)]
    assert due_dates(False)[-1] == dt.date(2021, 5, 19)


def _follow(world: World, enrolments: list, offset: int, outcomes: list[str]) -> None:  # type: ignore[type-arg]
    for enrolment, outcome in zip(enrolments, outcomes, strict=False):
        FollowUp.objects.filter(enrolment=enrolment, offset_days=offset).update(
            outcome=outcome,
            followed_up_on=NOW.date(),
            **(
                {"employer_name": "某花店", "employed_since": dt.date(2020, 12, 1), "contract": "fixed_term"}
                if outcome == "employed"
                else {}
            ),
        )


@pytest.mark.parametrize("size", [4, 20])
def test_rates_take_a_constant_number_of_queries(
    world: World, size: int, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    klass = make_class(world)
    enrolments = trainees(world, size // 2, klass, certified=True) + trainees(world, size // 2, klass, completed=False)
    other = make_class(world, course_name="家政服务", ends_on=dt.date(2020, 9, 30))
    enrolments += trainees(world, 2, other)
    schedule_follow_ups()
    _follow(world, enrolments, 90, ["employed", "self_employed", "not_employed", "unreachable"])
    labour = actor_for(world.users["labour"])
    with django_assert_num_queries(2):
        rates = rates_for(labour)
    flower = next(r for r in rates.rows if r.course == "干花艺术插花")
    assert flower.provider == "上海理想职业技能培训学校"
    assert (flower.trainees, flower.completed, flower.certified) == (size, size // 2, size // 2)
    assert flower.completion_rate == Decimal("50.0")
    at_90 = flower.at(90)
    assert (at_90.in_work, at_90.known, at_90.unreachable, at_90.unknown) == (2, 3, 1, size - 4)
    assert at_90.employment_rate == Decimal("66.7")
    # Not due yet: no rate (never 0 %), and not counted as "not followed up" either.
    assert (flower.at(180).employment_rate, flower.at(180).unknown) == (None, 0)
    assert rates.total.trainees == size + 2
    assert rates_for(actor_for(world.users["other_admin"])).rows == []


def test_rates_page_and_follow_up_pages(client: Client, world: World) -> None:
    enrolments = trainees(world, 3, make_class(world), certified=True)
    client.force_login(world.users["labour"])
    assert client.post(reverse("employment:follow_ups_schedule")).status_code == 302
    page = client.get(reverse("employment:follow_ups")).content.decode()
    assert enrolments[0].person.name in page
    f = FollowUp.objects.filter(enrolment=enrolments[0], offset_days=30).get()
    answer = client.post(
        reverse("employment:follow_up", args=[f.pk]),
        {"outcome": "employed", "followed_up_on": "2021-01-30", "employer_name": "某花店"},
    )
    assert answer.status_code == 400 and "请填写入职日期" in answer.content.decode()
    answer = client.post(
        reverse("employment:follow_up", args=[f.pk]),
        {"outcome": "self_employed", "followed_up_on": "2021-01-30"},
    )
    assert answer.status_code == 302
    rates = client.get(reverse("employment:rates")).content.decode()
    assert "100.0%" in rates and "干花艺术插花" in rates


@pytest.mark.parametrize("size", [3, 15])
def test_list_pages_and_api_take_a_constant_number_of_queries(
    client: Client, world: World, size: int, settings: Settings, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    settings.JIEDAO_PAGE_SIZE = 5
    seeker = seeker_of(world).seeker
    enrolments = trainees(world, size, make_class(world))
    schedule_follow_ups()
    JobSeeker.objects.bulk_create(
        JobSeeker(
            subdistrict=world.liangcheng,
            person=e.person,
            registered_on=CLASS_ENDED,
            education="senior",
            availability="full_time",
        )
        for e in enrolments
    )
    client.force_login(world.users["labour"])
    for url in (
        reverse("employment:follow_ups"),
        reverse("employment:follow_ups") + "?all=1",
        reverse("employment:rates"),
    ):
        with django_assert_num_queries(4):
            assert client.get(url).status_code == 200
    with django_assert_num_queries(5):  # and the residential areas of the filter
        assert client.get(reverse("employment:seekers") + "?status=").status_code == 200
    with django_assert_num_queries(6):
        assert client.get(reverse("employment:seeker", args=[seeker.pk])).status_code == 200
    raw, _token = token_issue(user=world.users["labour"])
    with django_assert_num_queries(API_QUERIES):
        answer = client.get("/api/v1/employment/follow-ups?due=true&limit=5", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert answer.json()["count"] == 2 * size
    assert [item["offset_days"] for item in answer.json()["items"]] == [30] * min(size, 5) + [90] * max(0, 5 - size)
    # The token's last use was written by the request above (once per 5 minutes): one fewer.
    with django_assert_num_queries(API_QUERIES - 1):
        answer = client.get("/api/v1/employment/seekers?status=open&limit=5", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert answer.json()["count"] == size + 1 and len(answer.json()["items"]) == min(size + 1, 5)
    # The token with its user and roles, the registration, its guidance, referrals and follow-ups.
    with django_assert_num_queries(5):
        answer = client.get(f"/api/v1/employment/seekers/{seeker.pk}", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert len(answer.json()["referrals"]) == 1
    client.force_login(world.users["jobseeker"])
    with django_assert_num_queries(6):
        assert client.get(reverse("employment:mine")).status_code == 200


def test_daily_command_is_idempotent(world: World, django_capture_on_commit_callbacks: CaptureCallbacks) -> None:
    from io import StringIO

    from django.core.management import call_command

    world.users["labour"].email = "labour@example.org"
    world.users["labour"].save()
    trainees(world, 1, make_class(world))
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("employment_follow_ups", stdout=out)
        call_command("employment_follow_ups", stdout=out)
    assert out.getvalue().splitlines() == [
        "3 follow-ups scheduled, 1 reminder e-mails sent",
        "0 follow-ups scheduled, 0 reminder e-mails sent",
    ]
    assert len(mail.outbox) == 1
