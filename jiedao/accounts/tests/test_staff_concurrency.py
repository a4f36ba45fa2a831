"""Two sub-district admins deactivate each other at the same moment: one succeeds, the
other is refused, and the sub-district keeps an active admin (``roles.lock_admins``
serialises the two). Real threads with their own connections, on SQLite and on
PostgreSQL (``activities.tests.threads``); run it repeatedly with
scripts/repeat-concurrency."""

import pytest

from jiedao.accounts.actor import Actor, actor_for
from jiedao.accounts.models import Role, User
from jiedao.accounts.staff import services
from jiedao.activities.tests.threads import in_thread, run_together, thread_database
from jiedao.core.errors import Conflict
from jiedao.testing import build_world, make_user

__all__ = ["thread_database"]  # the fixture, used by name


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("thread_database")
def test_two_admins_deactivating_each_other_leave_one_active() -> None:
    def set_up() -> tuple[User, User, Actor, Actor]:
        world = build_world()
        first = world.users["admin"]
        second = make_user(world.liangcheng, "second_admin", (Role.SUBDISTRICT_ADMIN, None))
        return first, second, actor_for(first), actor_for(second)  # each read before either acts

    first, second, first_actor, second_actor = in_thread(set_up)

    outcomes = run_together(
        [
            lambda: services.staff_deactivate(actor=first_actor, user_id=second.pk),
            lambda: services.staff_deactivate(actor=second_actor, user_id=first.pk),
        ]
    )

    refused = [outcome.error for outcome in outcomes if outcome.error is not None]
    assert len(refused) == 1 and isinstance(refused[0], Conflict), refused
    active = in_thread(lambda: User.objects.filter(pk__in=[first.pk, second.pk], is_active=True).count())
    assert active == 1
