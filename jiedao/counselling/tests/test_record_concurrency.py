"""Two saves of one appointment's first record at the same moment (a double submit):
one creates, the other updates, one record in the end. Real threads, on SQLite (a
file copy of the test database, see ``conftest.file_database``) and PostgreSQL."""

from functools import partial

import pytest

from jiedao.accounts.actor import actor_for
from jiedao.core.models import AuditEntry
from jiedao.counselling.models import SessionRecord
from jiedao.counselling.services import records
from jiedao.counselling.tests.conftest import file_database, run_in_threads
from jiedao.testing import build_world
from tests.access.counselling_records import records_world

THREADS = 4


@pytest.mark.django_db(transaction=True)
def test_simultaneous_first_saves_make_one_record() -> None:
    world = build_world()
    rw = records_world(world)
    SessionRecord.objects.all().delete()
    actor = actor_for(world.users["counsellor"])
    appointment = rw.own
    with file_database():
        results = run_in_threads(
            [
                partial(
                    records.record_save,
                    actor=actor,
                    appointment=appointment,
                    notes=f"第{i}稿",
                    topics=["family"],
                    risk_level="low",
                )
                for i in range(THREADS)
            ]
        )
        assert all(isinstance(r, SessionRecord) for r in results), results
        assert SessionRecord.objects.filter(appointment_id=appointment.pk).count() == 1
        actions = list(
            AuditEntry.objects.filter(object_type="counselling.sessionrecord").values_list("action", flat=True)
        )
        assert actions.count(AuditEntry.Action.CREATE) == 1
