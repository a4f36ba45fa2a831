"""Follow-ups exist only for trainees of a class that has been through 结业评定:
the rows scheduled earlier for trainees still ``enrolled`` (a class whose last day
had passed but that was not assessed yet), and not recorded, are removed; the
scheduler makes them again once the class is assessed."""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor


def drop_early_follow_ups(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    FollowUp = apps.get_model("employment", "FollowUp")
    FollowUp.objects.filter(outcome="unknown", enrolment__status="enrolled").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("employment", "0002_closed_reason_computed_due"),
    ]

    operations = [migrations.RunPython(drop_early_follow_ups, migrations.RunPython.noop)]
