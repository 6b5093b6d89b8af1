import secrets
import zoneinfo

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import registrations.models


def give_every_registration_a_check_in_token(apps, schema_editor):
    Registration = apps.get_model("registrations", "Registration")
    for registration in Registration.objects.only("pk").iterator():
        registration.check_in_token = secrets.token_urlsafe(24)
        registration.save(update_fields=["check_in_token"])


def move_check_ins_to_rows(apps, schema_editor):
    """A check-in recorded on the registration becomes that day's arrival at the door."""
    Registration = apps.get_model("registrations", "Registration")
    CheckIn = apps.get_model("registrations", "CheckIn")
    arrived = Registration.objects.filter(checked_in_at__isnull=False).select_related("edition")
    CheckIn.objects.bulk_create(
        CheckIn(
            registration=registration,
            day=registration.checked_in_at.astimezone(
                zoneinfo.ZoneInfo(registration.edition.time_zone)
            ).date(),
            checked_in_at=registration.checked_in_at,
        )
        for registration in arrived.iterator()
    )


def move_check_ins_back(apps, schema_editor):
    Registration = apps.get_model("registrations", "Registration")
    CheckIn = apps.get_model("registrations", "CheckIn")
    for made in CheckIn.objects.filter(session__isnull=True).order_by("checked_in_at"):
        Registration.objects.filter(pk=made.registration_id, checked_in_at__isnull=True).update(
            checked_in_at=made.checked_in_at
        )


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0008_speaker_photos"),
        ("registrations", "0012_email_kinds_of_other_apps"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="registration",
            name="check_in_token",
            field=models.CharField(max_length=64, null=True, editable=False),
        ),
        migrations.RunPython(give_every_registration_a_check_in_token, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="registration",
            name="check_in_token",
            field=models.CharField(
                default=registrations.models.new_token,
                editable=False,
                max_length=64,
                unique=True,
                verbose_name="check-in code",
            ),
        ),
        migrations.CreateModel(
            name="CheckIn",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("day", models.DateField(verbose_name="day")),
                ("checked_in_at", models.DateTimeField(verbose_name="checked in")),
                (
                    "request_key",
                    models.CharField(
                        blank=True, editable=False, max_length=64, verbose_name="request key"
                    ),
                ),
                (
                    "checked_in_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="checked in by",
                    ),
                ),
                (
                    "registration",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="check_ins",
                        to="registrations.registration",
                        verbose_name="registration",
                    ),
                ),
                (
                    "session",
                    models.ForeignKey(
                        blank=True,
                        help_text="Empty for an arrival at the door.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="check_ins",
                        to="events.session",
                        verbose_name="session",
                    ),
                ),
            ],
            options={
                "verbose_name": "check-in",
                "verbose_name_plural": "check-ins",
                "ordering": ["-checked_in_at"],
                "permissions": [("check_in_attendees", "Can check people in at the door")],
                "indexes": [models.Index(fields=["day", "session"], name="registratio_day_a028d1_idx")],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("session__isnull", True)),
                        fields=("registration", "day"),
                        name="one_arrival_per_person_and_day",
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("session__isnull", False)),
                        fields=("registration", "session"),
                        name="one_check_in_per_person_and_session",
                    ),
                ],
            },
        ),
        migrations.RunPython(move_check_ins_to_rows, move_check_ins_back),
        migrations.RemoveField(model_name="registration", name="checked_in_at"),
    ]
