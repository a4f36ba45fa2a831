"""Bindings racing: a registry person gets one resident account however many accounts
claim them at the same moment, and an account one person however many it binds at
once (two tabs). Real threads, real transactions, on SQLite and on PostgreSQL
(``jiedao/activities/tests/threads.py``)."""

from functools import partial

import pytest

from jiedao.accounts.models import User
from jiedao.activities.tests.threads import in_thread, run_together, thread_database
from jiedao.core.errors import Conflict, Invalid
from jiedao.core.models import AuditEntry
from jiedao.people.models import Person
from jiedao.residents.binding import BIND_REFUSED_REASON, bind_person
from jiedao.residents.tests.binding_helpers import NOT_VERIFIED, new_resident
from jiedao.testing import World, build_world

__all__ = ["thread_database"]  # the fixture, used by name

THREADS = 6


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("thread_database")
def test_accounts_binding_one_person_at_once_one_wins() -> None:
    def set_up() -> tuple[Person, list[User]]:
        world = build_world()
        return world.people["party_member"], [new_resident(world) for _ in range(THREADS)]

    person, users = in_thread(set_up)

    outcomes = run_together(
        [partial(bind_person, user=user, name="乐跃明", id_number=person.id_number) for user in users]
    )

    won = [(user, o.value) for user, o in zip(users, outcomes, strict=True) if o.error is None]
    refused = [o.error for o in outcomes if o.error is not None]
    assert len(won) == 1 and won[0][1].pk == person.pk
    assert all(isinstance(e, Invalid) and e.message == NOT_VERIFIED for e in refused), refused
    assert in_thread(lambda: Person.objects.get(pk=person.pk).user_id) == won[0][0].pk
    # Every loser's refusal is audited, on the person.
    entries = in_thread(
        lambda: list(
            AuditEntry.objects.filter(action=AuditEntry.Action.REFUSED, detail__reason=BIND_REFUSED_REASON).values_list(
                "object_id", flat=True
            )
        )
    )
    assert entries == [str(person.pk)] * (THREADS - 1)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("thread_database")
def test_one_account_binding_two_people_at_once_gets_one() -> None:
    def set_up() -> tuple[World, User]:
        world = build_world()
        return world, new_resident(world)

    world, user = in_thread(set_up)
    targets = [("乐跃明", world.people["party_member"]), ("陈懿", world.people["zhonghong_worker"])]

    outcomes = run_together([partial(bind_person, user=user, name=name, id_number=p.id_number) for name, p in targets])

    assert sum(o.error is None for o in outcomes) == 1
    assert all(isinstance(o.error, Conflict) and o.error.code == "already_bound" for o in outcomes if o.error)
    assert in_thread(lambda: Person.objects.filter(user=user).count()) == 1
