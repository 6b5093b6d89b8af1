import secrets

from django.db import migrations, models

import registrations.models

TOKENS = ("manage_token", "calendar_token", "confirmation_token")


def give_every_registration_its_tokens(apps, schema_editor):
    """Existing registrations get random links; the old signed links stop working."""
    Registration = apps.get_model("registrations", "Registration")
    for registration in Registration.objects.only("pk").iterator():
        for name in TOKENS:
            setattr(registration, name, secrets.token_urlsafe(24))
        registration.save(update_fields=list(TOKENS))


class Migration(migrations.Migration):
    dependencies = [("registrations", "0002_add_email_sending_state")]

    operations = [
        *[
            migrations.AddField(
                model_name="registration",
                name=name,
                field=models.CharField(max_length=64, null=True, editable=False),
            )
            for name in TOKENS
        ],
        migrations.RunPython(give_every_registration_its_tokens, migrations.RunPython.noop),
        *[
            migrations.AlterField(
                model_name="registration",
                name=name,
                field=models.CharField(
                    default=registrations.models.new_token,
                    editable=False,
                    max_length=64,
                    unique=True,
                    verbose_name=label,
                ),
            )
            for name, label in zip(
                TOKENS,
                ("manage link token", "calendar link token", "confirmation link token"),
                strict=True,
            )
        ],
    ]
