"""Retention: an appointment past its studio's retention period can lose its person.

``person`` becomes nullable (``unlink_person``: SET_NULL keeping the key) and ``person_key`` keeps a keyed hash of the
former person so that the statistics still count distinct people. An unlinked
appointment keeps no pseudonym (the anonymity check allows that) and always has a key.

On SQLite, altering ``person`` rebuilds the table, which drops the overlap triggers of
0002: they are created again here.
"""

import importlib

import jiedao.counselling.models
from django.conf import settings
from django.db import migrations, models


def recreate_sqlite_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    overlap = importlib.import_module("jiedao.counselling.migrations.0002_no_overlapping_appointments")
    for sql in overlap.DOWN["sqlite"] + overlap.SQLITE_UP:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("counselling", "0003_consent_history"),
        ("org", "0001_initial"),
        ("people", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="appointment",
            name="counselling_anonymous_has_pseudonym",
        ),
        migrations.AddField(
            model_name="appointment",
            name="person_key",
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
        migrations.AlterField(
            model_name="appointment",
            name="person",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=jiedao.counselling.models.unlink_person,
                related_name="counselling_appointments",
                to="people.person",
                verbose_name="来访者",
            ),
        ),
        migrations.AddConstraint(
            model_name="appointment",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("is_anonymous", False),
                    models.Q(("pseudonym", ""), _negated=True),
                    ("person__isnull", True),
                    _connector="OR",
                ),
                name="counselling_anonymous_has_pseudonym",
            ),
        ),
        migrations.AddConstraint(
            model_name="appointment",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("person__isnull", False), models.Q(("person_key", ""), _negated=True), _connector="OR"
                ),
                name="counselling_appt_unlinked_keeps_key",
            ),
        ),
        migrations.RunPython(recreate_sqlite_triggers, migrations.RunPython.noop),
    ]
