"""A closed registration says why (found work, left); a follow-up's due date is no
longer stored but computed from its class's last day (``models.with_due_on``)."""

from django.apps.registry import Apps
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor


def closed_ones_left(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    """Registrations closed before the reason existed: "left the register"."""
    JobSeeker = apps.get_model("employment", "JobSeeker")
    JobSeeker.objects.filter(closed_on__isnull=False, closed_reason="").update(closed_reason="left")


class Migration(migrations.Migration):
    dependencies = [
        ("employment", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="jobseeker",
            name="closed_reason",
            field=models.CharField(
                blank=True,
                choices=[("employed", "已就业"), ("left", "不再求职（迁出、退休等）")],
                default="",
                max_length=16,
                verbose_name="注销原因",
            ),
        ),
        migrations.RunPython(closed_ones_left, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="jobseeker",
            constraint=models.CheckConstraint(
                condition=models.Q(("closed_on__isnull", True), ("closed_reason", ""))
                | models.Q(("closed_on__isnull", False), ("closed_reason__in", ["employed", "left"])),
                name="jobseeker_closed_with_reason",
            ),
        ),
        migrations.RemoveIndex(model_name="followup", name="employment__subdist_9b727c_idx"),
        migrations.RemoveField(model_name="followup", name="due_on"),
        migrations.AlterModelOptions(
            name="followup",
            options={
                "ordering": ["enrolment_id", "offset_days", "id"],
                "verbose_name": "就业随访",
                "verbose_name_plural": "就业随访",
            },
        ),
        migrations.AddIndex(
            model_name="followup",
            index=models.Index(fields=["subdistrict", "outcome"], name="employment__subdist_7885ef_idx"),
        ),
    ]
