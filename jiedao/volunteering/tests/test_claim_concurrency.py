"""No shift over-claimed under concurrency, on SQLite and PostgreSQL: real threads
(``activities.tests.threads``), one shift; exactly its capacity of claims win and the
others are told it is full; one person claiming many times at once gets one claim."""

from collections.abc import Callable
from functools import partial

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.utils import timezone

from jiedao.accounts.actor import Actor
from jiedao.activities.tests.threads import race, run_together
from jiedao.activities.tests.threads import thread_database as thread_database  # the fixture
from jiedao.testing import build_world
from jiedao.volunteering import services
from jiedao.volunteering.models import Claim, Shift
from jiedao.volunteering.tests.conftest import build_volunteering, make_volunteers

THREADS = 10


def _counts(shift: Shift) -> tuple[int, int]:
    shift.refresh_from_db()
    return shift.claimed, Claim.objects.filter(shift=shift, status__in=("claimed", "offered")).count()


@pytest.mark.usefixtures("thread_database")
def test_many_phones_claim_the_last_places() -> None:
    world = build_world()
    vol = build_volunteering(world)
    Shift.objects.filter(pk=vol.shift.pk).update(capacity=3)
    volunteers = make_volunteers(world, THREADS)
    outcomes = run_together([partial(services.claim_shift, actor=a, shift=vol.shift) for a, _ in volunteers])
    won = [o.value for o in outcomes if o.error is None]
    lost = [o.error for o in outcomes if o.error is not None]
    assert len(won) == 3, outcomes
    assert all(isinstance(e, services.ShiftFull) and e.code == "shift_full" for e in lost), lost
    assert _counts(vol.shift) == (3, 3)


@pytest.mark.usefixtures("thread_database")
def test_one_person_claiming_at_once_gets_one_claim() -> None:
    world = build_world()
    vol = build_volunteering(world)
    worker = vol.actor("worker")

    def claim(_: int) -> int:
        return services.claim_shift(actor=worker, shift=vol.shift)[0].pk

    ids = race(claim, list(range(THREADS)))
    assert len(set(ids)) == 1
    assert _counts(vol.shift) == (1, 1)


@pytest.mark.usefixtures("thread_database")
def test_cancellations_and_claims_at_once_never_overfill() -> None:
    world = build_world()
    vol = build_volunteering(world)
    holders = make_volunteers(world, 2, "认领者")
    for actor, _ in holders:
        services.claim_shift(actor=actor, shift=vol.shift)
    waiting = make_volunteers(world, 2, "候补者")
    for actor, _ in waiting:
        services.join_waitlist(actor=actor, shift=vol.shift)
    newcomers = make_volunteers(world, 4, "新来者")
    claims = {a.user.pk if a.user else 0: Claim.objects.get(person=p, shift=vol.shift) for a, p in holders}

    def cancel(actor: Actor) -> object:
        return services.cancel_claim(actor=actor, claim=claims[actor.user.pk if actor.user else 0])

    calls: list[Callable[[], object]] = [partial(cancel, a) for a, _ in holders]
    calls += [partial(services.claim_shift, actor=a, shift=vol.shift) for a, _ in newcomers]
    run_together(calls)
    claimed, holding = _counts(vol.shift)
    assert claimed == holding <= 2
    per_status = Claim.objects.filter(shift=vol.shift).aggregate(
        offered=Count("id", filter=Q(status="offered")), claimed=Count("id", filter=Q(status="claimed"))
    )
    assert per_status["offered"] + per_status["claimed"] == claimed


@pytest.mark.usefixtures("thread_database")
def test_fewer_places_and_claims_at_once_never_overfill() -> None:
    """The centre cuts a 4-place shift to 2 while four phones claim: either the cut
    wins (then two claims at most) or the claims do (then the cut is refused)."""
    world = build_world()
    vol = build_volunteering(world)
    Shift.objects.filter(pk=vol.shift.pk).update(capacity=4)
    session = vol.shift.session
    start = timezone.localtime(session.starts_at)
    edit = partial(
        services.shift_update,
        actor=vol.centre,
        shift=vol.shift,
        date=start.date(),
        start=start.time(),
        end=timezone.localtime(session.ends_at).time(),
        place=session.place,
        capacity=2,
    )
    phones = make_volunteers(world, 4)
    outcomes = run_together([edit, *(partial(services.claim_shift, actor=a, shift=vol.shift) for a, _ in phones)])
    vol.shift.refresh_from_db()
    claimed, holding = _counts(vol.shift)
    assert claimed == holding <= vol.shift.capacity
    if outcomes[0].error is None:
        assert vol.shift.capacity == 2 and claimed <= 2
    else:
        assert isinstance(outcomes[0].error, ValidationError) and vol.shift.capacity == 4
