"""No two active appointments of one counsellor overlap in time, refused by the database.

PostgreSQL: an exclusion constraint over (counsellor =, tstzrange(starts_at, ends_at) &&)
for the active statuses (btree_gist lets ``=`` on a bigint join a GiST index).
SQLite: triggers before insert and update raising ABORT (an IntegrityError in Django).
Datetimes are stored by Django on SQLite as UTC text of one format, so text comparison
orders them. Active statuses as in ``models.ACTIVE_STATUSES``.
"""

from django.db import migrations

SQLITE_CHECK = """
    WHEN NEW.status IN ('booked', 'attended', 'no_show') AND EXISTS (
        SELECT 1 FROM counselling_appointment a
        WHERE a.counsellor_id = NEW.counsellor_id AND a.id IS NOT NEW.id
        AND a.status IN ('booked', 'attended', 'no_show')
        AND a.starts_at < NEW.ends_at AND NEW.starts_at < a.ends_at)
    BEGIN SELECT RAISE(ABORT, 'counselling_no_overlap: overlapping appointment of the counsellor'); END"""
SQLITE_UP = [
    "CREATE TRIGGER counselling_no_overlap_insert BEFORE INSERT ON counselling_appointment" + SQLITE_CHECK,
    "CREATE TRIGGER counselling_no_overlap_update BEFORE UPDATE OF status, starts_at, ends_at, counsellor_id "
    "ON counselling_appointment" + SQLITE_CHECK,
]
POSTGRES_UP = [
    "CREATE EXTENSION IF NOT EXISTS btree_gist",
    """ALTER TABLE counselling_appointment ADD CONSTRAINT counselling_no_overlap
    EXCLUDE USING gist (counsellor_id WITH =, tstzrange(starts_at, ends_at) WITH &&)
    WHERE (status IN ('booked', 'attended', 'no_show'))""",
]
DOWN = {
    "sqlite": [
        "DROP TRIGGER IF EXISTS counselling_no_overlap_insert",
        "DROP TRIGGER IF EXISTS counselling_no_overlap_update",
    ],
    "postgresql": ["ALTER TABLE counselling_appointment DROP CONSTRAINT IF EXISTS counselling_no_overlap"],
}


def up(apps, schema_editor):
    for sql in {"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


def down(apps, schema_editor):
    for sql in DOWN.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("counselling", "0001_initial")]
    operations = [migrations.RunPython(up, down)]
