"""Audit entries are append-only in the model and in the database itself.

The suite runs on SQLite and PostgreSQL (``scripts/with-postgres``), so these
tests exercise the trigger of migration 0002 on whichever database is in use.
"""

import pytest
from django.db import DatabaseError, connection, transaction

from jiedao.core import audit
from jiedao.core.models import AuditEntry
from jiedao.testing import World


@pytest.fixture
def entry(world: World) -> AuditEntry:
    return audit.record(actor=world.users["admin"], action="reveal", obj=world.people["worker"])


def test_it_refuses_to_save_an_existing_entry_again(entry: AuditEntry) -> None:
    entry.actor_name = "someone else"
    with pytest.raises(PermissionError):
        entry.save()
    assert AuditEntry.objects.get(pk=entry.pk).actor_name == "admin"


def test_it_refuses_to_delete_an_entry_through_the_model(entry: AuditEntry) -> None:
    with pytest.raises(PermissionError):
        entry.delete()
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_the_database_refuses_a_raw_sql_update(entry: AuditEntry) -> None:
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditentry SET actor_name = %s WHERE id = %s", ["forged", entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).actor_name == "admin"


def test_the_database_refuses_a_bulk_queryset_update(entry: AuditEntry) -> None:
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(action="delete")
    assert AuditEntry.objects.get(pk=entry.pk).action == "reveal"


def test_the_trigger_is_installed_on_this_database(db: None) -> None:
    vendor = connection.vendor
    with connection.cursor() as cursor:
        if vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'core_auditentry'")
        else:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE tgrelid = 'core_auditentry'::regclass")
        names = {row[0] for row in cursor.fetchall()}
    assert "core_auditentry_no_update" in names
