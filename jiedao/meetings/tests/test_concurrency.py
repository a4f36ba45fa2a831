"""Agenda items added at the same time by two offices get distinct, gapless
positions, and versions put in force at once leave one in force: real threads,
real transactions, on SQLite and on PostgreSQL."""

import pytest

from jiedao.accounts.actor import Actor
from jiedao.activities.tests.threads import in_thread, race, thread_database
from jiedao.meetings import services
from jiedao.meetings.models import AgendaItem, Meeting, RegulationVersion
from jiedao.meetings.tests.helpers import meeting_world
from jiedao.testing import build_world

__all__ = ["thread_database"]  # the fixture, used by name

THREADS = 6
Status = RegulationVersion.Status


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("thread_database")
def test_concurrent_agenda_adds_get_distinct_positions() -> None:
    def set_up() -> tuple[Actor, Meeting]:
        mw = meeting_world(build_world())
        return mw.actor, mw.meeting

    actor, meeting = in_thread(set_up)
    before = in_thread(lambda: AgendaItem.objects.filter(meeting=meeting).count())

    def add(i: int) -> AgendaItem:
        return services.agenda_item_add(actor=actor, meeting=meeting, kind="report", title=f"通报{i}")

    race(add, list(range(THREADS)))
    positions = in_thread(
        lambda: list(AgendaItem.objects.filter(meeting=meeting).order_by("position").values_list("position", flat=True))
    )
    assert positions == list(range(1, before + THREADS + 1))


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("thread_database")
def test_two_versions_put_in_force_at_once_leave_exactly_one_in_force() -> None:
    def set_up() -> tuple[Actor, list[RegulationVersion]]:
        mw = meeting_world(build_world())
        versions = []
        for i in range(THREADS):
            v = services.version_create(actor=mw.actor, regulation=mw.regulation, title=f"修订稿{i}")
            for status in (Status.REVIEW, Status.ADOPTED):
                v = services.version_transition(actor=mw.actor, version=v, status=status)
            versions.append(v)
        return mw.actor, versions

    actor, versions = in_thread(set_up)

    def put_in_force(version: RegulationVersion) -> RegulationVersion:
        return services.version_transition(actor=actor, version=version, status=Status.IN_FORCE)

    race(put_in_force, versions)
    statuses = in_thread(
        lambda: list(RegulationVersion.objects.filter(pk__in=[v.pk for v in versions]).values_list("status", flat=True))
    )
    assert sorted(statuses) == [Status.IN_FORCE] + [Status.REPEALED] * (THREADS - 1)
