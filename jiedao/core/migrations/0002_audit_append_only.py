"""Refuse UPDATE on audit entries in the database itself, on SQLite and PostgreSQL.

DELETE stays possible at the database level only so that a retention purge run
by an operator and test-database flushes work; the application never deletes.
"""

from django.db import migrations

SQLITE_UP = [
    """CREATE TRIGGER core_auditentry_no_update BEFORE UPDATE ON core_auditentry
    BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END"""
]
POSTGRES_UP = [
    """CREATE OR REPLACE FUNCTION core_auditentry_refuse_update() RETURNS trigger AS $$
    BEGIN RAISE EXCEPTION 'audit entries are append-only'; END; $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER core_auditentry_no_update BEFORE UPDATE ON core_auditentry
    FOR EACH ROW EXECUTE FUNCTION core_auditentry_refuse_update()""",
]
DOWN = {
    "sqlite": ["DROP TRIGGER IF EXISTS core_auditentry_no_update"],
    "postgresql": [
        "DROP TRIGGER IF EXISTS core_auditentry_no_update ON core_auditentry",
        "DROP FUNCTION IF EXISTS core_auditentry_refuse_update()",
    ],
}


def up(apps, schema_editor):
    for sql in {"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


def down(apps, schema_editor):
    for sql in DOWN.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(up, down)]
