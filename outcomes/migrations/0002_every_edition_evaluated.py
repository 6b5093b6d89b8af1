"""Every edition has an evaluation (new editions get theirs when saved)."""

from django.db import migrations


def add_evaluations(apps, schema_editor):
    Edition = apps.get_model("events", "Edition")
    Evaluation = apps.get_model("outcomes", "Evaluation")
    for edition in Edition.objects.filter(evaluation__isnull=True):
        Evaluation.objects.create(edition=edition)


class Migration(migrations.Migration):
    dependencies = [("outcomes", "0001_initial")]

    operations = [migrations.RunPython(add_evaluations, migrations.RunPython.noop)]
