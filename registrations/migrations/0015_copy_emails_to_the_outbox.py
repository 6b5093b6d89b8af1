"""Copy every email row to the outbox, keeping its number: tasks queued before the move name it."""

from django.db import migrations


def copy_emails(apps, schema_editor):
    EmailDelivery = apps.get_model("registrations", "EmailDelivery")
    Email = apps.get_model("outbox", "Email")
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not EmailDelivery.objects.exists():
        return
    registration_type, _created = ContentType.objects.get_or_create(
        app_label="registrations", model="registration"
    )
    reminded = set()
    rows, created_at = [], {}
    for delivery in EmailDelivery.objects.select_related("registration").order_by("pk").iterator():
        details = dict(delivery.details)
        is_preview = details.pop("organiser_preview", False)
        if delivery.session_id:
            details["session"] = delivery.session_id
        if delivery.changed_fields:
            details["changed_fields"] = delivery.changed_fields
        if delivery.previous_schedule:
            details["previous"] = delivery.previous_schedule
        purpose = ""
        if delivery.kind == "meetings_reminder" and details.get("day"):
            purpose = f"meetings_reminder:{details['day']}"
            if (delivery.registration_id, purpose) in reminded:
                purpose = ""
            reminded.add((delivery.registration_id, purpose))
        if is_preview:
            # An organiser's copy: it was nobody's email but the organiser's.
            details |= {"preview": True, "language": delivery.registration.language}
        rows.append(
            Email(
                id=delivery.pk,
                kind=delivery.kind,
                person_type=None if is_preview else registration_type,
                person_id=None if is_preview else delivery.registration_id,
                edition_id=delivery.registration.edition_id,
                to_address=delivery.to_address,
                purpose=purpose,
                details=details,
                status=delivery.status,
                attempts=delivery.attempts,
                last_error=delivery.last_error,
                last_attempt_at=delivery.last_attempt_at,
                sent_at=delivery.sent_at,
            )
        )
        created_at[delivery.pk] = delivery.created_at
    Email.objects.bulk_create(rows, batch_size=500)
    for row in rows:  # auto_now_add stamped them now
        row.created_at = created_at[row.pk]
    Email.objects.bulk_update(rows, ["created_at"], batch_size=500)
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('outbox_email', 'id'), "
                "COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM outbox_email"
            )


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("outbox", "0001_outgoing_emails"),
        ("registrations", "0014_sessions_in_my_agenda"),
    ]

    operations = [migrations.RunPython(copy_emails, migrations.RunPython.noop)]
