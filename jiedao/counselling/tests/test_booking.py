import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings

from jiedao.accounts.actor import Actor, actor_for
from jiedao.core.errors import DomainError
from jiedao.counselling import selectors, services
from jiedao.counselling.models import Appointment, Consent, Slot, WaitlistEntry
from jiedao.counselling.tests.conftest import CounsellingSetup, give_consent
from jiedao.testing import World


def actor(world: World, key: str) -> Actor:
    return actor_for(world.users[key])


@pytest.mark.django_db
def test_book_and_limits(world: World, counselling: CounsellingSetup) -> None:
    jobseeker = world.people["jobseeker"]
    free = counselling.free_slots()
    with pytest.raises(services.ConsentRequired):
        services.book(actor=actor(world, "jobseeker"), person=jobseeker, slot_id=free[0].pk)
    services.consent_give(actor=actor(world, "jobseeker"), person=jobseeker, version="2026-1")
    assert Consent.objects.filter(person=jobseeker).count() == 1
    a = services.book(actor=actor(world, "jobseeker"), person=jobseeker, slot_id=free[0].pk, anonymous=True)
    assert a.is_anonymous and a.pseudonym
    # the same week again: refused
    same_week = [
        s for s in free[1:] if selectors.iso_week_bounds(s.starts_at) == selectors.iso_week_bounds(a.starts_at)
    ]
    assert same_week  # the fixture opens every day: never skipped
    with pytest.raises(services.LimitReached):
        services.book(actor=actor(world, "jobseeker"), person=jobseeker, slot_id=same_week[0].pk)
    # the worker's slot is taken: alternatives offered
    with pytest.raises(services.SlotTaken) as exc:
        services.book(actor=actor(world, "jobseeker"), person=jobseeker, slot_id=counselling.appointment.slot_id)
    assert exc.value.code == "slot_taken"
    assert exc.value.details["alternatives"]
    # booking for someone else: staff only
    with pytest.raises(DomainError):
        services.book(actor=actor(world, "jobseeker"), person=world.people["worker"], slot_id=free[-1].pk)


@pytest.mark.django_db
def test_cancel_offers_to_waitlist(
    world: World,
    counselling: CounsellingSetup,
    settings: Settings,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    settings.JIEDAO_SMS_BACKEND = "jiedao.core.notifications.LocmemSmsBackend"
    from jiedao.core import notifications

    notifications.outbox.clear()
    jobseeker = world.people["jobseeker"]
    give_consent(jobseeker)
    day = timezone.localdate(counselling.appointment.starts_at)
    entry = services.waitlist_join(
        actor=actor(world, "jobseeker"), person=jobseeker, studio=counselling.studio, date_from=day, date_to=day
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel(actor=actor(world, "worker"), appointment=counselling.appointment)
    entry.refresh_from_db()
    assert entry.status == WaitlistEntry.Status.OFFERED
    assert entry.offered_slot_id == counselling.appointment.slot_id
    offer = notifications.outbox[-1]
    assert offer.template == "waitlist_offer" and "候补" in offer.text
    assert offer.text.startswith(f"【{world.liangcheng.name}】") and counselling.studio.name not in offer.text
    appointment = services.offer_accept(actor=actor(world, "jobseeker"), entry=entry)
    assert appointment.person == jobseeker
    entry.refresh_from_db()
    assert entry.status == WaitlistEntry.Status.BOOKED


@pytest.mark.django_db
def test_cancel_cutoff_and_staff_reason(world: World, counselling: CounsellingSetup) -> None:
    a = counselling.appointment
    Appointment.objects.filter(pk=a.pk).update(starts_at=timezone.now() + dt.timedelta(hours=1))
    a.refresh_from_db()
    with pytest.raises(DomainError) as exc:
        services.cancel(actor=actor(world, "worker"), appointment=a)
    assert exc.value.code == "cancel_too_late"
    with pytest.raises(DomainError):
        services.cancel(actor=actor(world, "admin"), appointment=a)
    services.cancel(actor=actor(world, "admin"), appointment=a, reason="咨询师临时有事")
    a.refresh_from_db()
    assert a.status == "cancelled"


@pytest.mark.django_db
def test_an_offer_is_checked_again_when_it_is_accepted(
    client: Client, world: World, counselling: CounsellingSetup
) -> None:
    """The entry the page loaded may be stale: an offer expired (or accepted in another
    tab) in between books nothing; a slot taken meanwhile shows the alternatives."""
    from jiedao.testing import PASSWORD

    jobseeker = world.people["jobseeker"]
    give_consent(jobseeker)
    day = timezone.localdate(counselling.appointment.starts_at)
    entry = services.waitlist_join(
        actor=actor(world, "jobseeker"), person=jobseeker, studio=counselling.studio, date_from=day, date_to=day
    )
    services.cancel(actor=actor(world, "worker"), appointment=counselling.appointment)
    entry.refresh_from_db()
    assert entry.status == WaitlistEntry.Status.OFFERED
    # Expired in the database while the caller still holds the offered entry.
    WaitlistEntry.objects.filter(pk=entry.pk).update(status=WaitlistEntry.Status.EXPIRED)
    with pytest.raises(DomainError) as refused:
        services.offer_accept(actor=actor(world, "jobseeker"), entry=entry)
    assert refused.value.code == "offer_gone"
    assert not Appointment.objects.filter(person=jobseeker).exists()
    # Offered again, but someone else holds the slot now (an overlapping booking): the
    # page sends the client to the slot, which says it is taken and offers alternatives.
    WaitlistEntry.objects.filter(pk=entry.pk).update(status=WaitlistEntry.Status.OFFERED)
    Appointment.objects.filter(pk=counselling.appointment.pk).update(status=Appointment.Status.BOOKED)
    client.login(username="jobseeker", password=PASSWORD)
    response = client.post(f"/counselling/waitlist/{entry.pk}/accept/")
    assert response.status_code == 302
    assert response["Location"].endswith(f"/counselling/slots/{entry.offered_slot_id}/")
    page = client.get(response["Location"]).content.decode()
    assert "该时段已被预约" in page


@pytest.mark.django_db
def test_an_office_books_for_people_of_its_own_subdistrict_only(world: World, counselling: CounsellingSetup) -> None:
    stranger = world.people["quyang_resident"]
    give_consent(stranger)
    with pytest.raises(DomainError) as refused:
        services.book(actor=actor(world, "admin"), person=stranger, slot_id=counselling.free_slots()[0].pk)
    assert refused.value.code == "not_found"
    assert not Appointment.objects.filter(person=stranger).exists()


def _two_waiting(world: World, counselling: CounsellingSetup) -> tuple[Slot, dt.date, WaitlistEntry, WaitlistEntry]:
    """The jobseeker, then 陈懿, wait for the day of the worker's appointment, which the
    worker cancels: the jobseeker is offered its slot. Returns (slot, day, first, second)
    where ``first`` is the jobseeker's entry as loaded before the offer."""
    held = counselling.appointment.slot
    day = timezone.localdate(held.starts_at)
    for person in (world.people["jobseeker"], world.people["zhonghong_worker"]):
        give_consent(person)
    first = services.waitlist_join(
        actor=actor(world, "jobseeker"),
        person=world.people["jobseeker"],
        studio=counselling.studio,
        date_from=day,
        date_to=day,
    )
    second = WaitlistEntry.objects.create(
        subdistrict=world.liangcheng,
        studio=counselling.studio,
        person=world.people["zhonghong_worker"],
        date_from=day,
        date_to=day,
    )
    services.cancel(actor=actor(world, "worker"), appointment=counselling.appointment)
    return held, day, first, second


@pytest.mark.django_db
def test_booking_directly_ends_ones_offer_and_passes_the_held_slot_on(
    world: World, counselling: CounsellingSetup
) -> None:
    held, day, first, second = _two_waiting(world, counselling)
    first.refresh_from_db()
    assert first.status == WaitlistEntry.Status.OFFERED and first.offered_slot_id == held.pk
    # The jobseeker books another slot of that day instead of accepting.
    other = next(s for s in counselling.free_slots() if timezone.localdate(s.starts_at) == day and s.pk != held.pk)
    services.book(actor=actor(world, "jobseeker"), person=world.people["jobseeker"], slot_id=other.pk)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == WaitlistEntry.Status.BOOKED
    assert second.status == WaitlistEntry.Status.OFFERED and second.offered_slot_id == held.pk


@pytest.mark.django_db
def test_leaving_with_a_stale_entry_still_passes_the_offer_on(world: World, counselling: CounsellingSetup) -> None:
    held, _day, stale, second = _two_waiting(world, counselling)
    assert stale.status == WaitlistEntry.Status.WAITING  # the page's copy, from before the offer
    services.waitlist_leave(actor=actor(world, "jobseeker"), entry=stale)
    second.refresh_from_db()
    assert WaitlistEntry.objects.get(pk=stale.pk).status == WaitlistEntry.Status.CANCELLED
    assert second.status == WaitlistEntry.Status.OFFERED and second.offered_slot_id == held.pk


@pytest.mark.django_db
def test_only_the_person_or_an_office_on_the_phone_gives_consent(world: World, counselling: CounsellingSetup) -> None:
    jobseeker = world.people["jobseeker"]
    for who, by_phone in (("worker", False), ("counsellor", True), ("admin", False), ("other_admin", True)):
        with pytest.raises(DomainError) as refused:
            services.consent_give(actor=actor(world, who), person=jobseeker, version="2026-1", by_phone=by_phone)
        assert refused.value.code == "forbidden"
    assert not Consent.objects.filter(person=jobseeker).exists()
    services.consent_give(actor=actor(world, "admin"), person=jobseeker, version="2026-1", by_phone=True)
    assert Consent.objects.filter(person=jobseeker).count() == 1


@pytest.mark.django_db
def test_only_the_person_withdraws_their_consent(world: World, counselling: CounsellingSetup) -> None:
    worker = world.people["worker"]
    with pytest.raises(DomainError):
        services.consent_withdraw(actor=actor(world, "admin"), person=worker)
    assert selectors.current_consent(worker) is not None
    assert services.consent_withdraw(actor=actor(world, "worker"), person=worker) == 1
    assert selectors.current_consent(worker) is None
