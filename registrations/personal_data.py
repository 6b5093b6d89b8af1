"""What we hold about a person, derived from the one list of fields they fill in.

`Registration.PERSONAL_FIELDS` declares the fields; the data download, the organisers' CSV export
and the purge all take them from there, so a new field appears in each without being listed
again.
"""

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from registrations.models import Registration, Seat
from registrations.signals import personal_data_requested

# The registration's own record, beside what the person filled in.
RECORD_FIELDS = (
    "language",
    "status",
    "privacy_consent_at",
    "privacy_notice_version",
    "created_at",
    "confirmed_at",
    "cancelled_at",
)


def field_label(name: str) -> str:
    return str(Registration._meta.get_field(name).verbose_name)


def display_value(registration: Registration, name: str) -> Any:
    """Return a field's value as a person reads it: labels for choices, names for countries."""
    field = Registration._meta.get_field(name)
    value = getattr(registration, name)
    if name == "country":
        return value.name
    if field.choices:
        return getattr(registration, f"get_{name}_display")()
    return value


def data_download(registration: Registration) -> dict:
    """Return everything we hold about the person, for their own download."""
    data = {name: getattr(registration, name) for name in Registration.PERSONAL_FIELDS}
    data["country"] = registration.country.code
    data |= {name: getattr(registration, name) for name in RECORD_FIELDS}
    data["edition"] = registration.edition.title
    data["days"] = registration.days
    data["sessions"] = [
        {"session": seat.session.title, "status": seat.status}
        for seat in registration.seats.select_related("session")
    ]
    data["my_agenda"] = [
        starred.session.title for starred in registration.starred.select_related("session")
    ]
    data["check_ins"] = [
        {
            "day": made.day,
            "session": made.session.title if made.session else None,
            "checked_in_at": made.checked_in_at,
        }
        for made in registration.check_ins.select_related("session").order_by("checked_in_at")
    ]
    data["emails_sent"] = [
        {
            "kind": email.kind,
            "status": email.status,
            "sent_to": email.to_address or registration.email,
            "created_at": email.created_at,
        }
        # Copies an organiser sent themselves to check a message were not sent to the person.
        for email in registration.emails.exclude(details__has_key="organiser_preview")
    ]
    for _receiver, more in personal_data_requested.send(Registration, registration=registration):
        data |= more
    return data


def csv_header() -> list[str]:
    return [
        *(field_label(name) for name in Registration.PERSONAL_FIELDS),
        str(_("days")),
        str(_("sessions")),
        *(field_label(name) for name in ("status", "language", "created_at")),
        str(_("checked in at the door")),
    ]


def csv_row(registration: Registration) -> list:
    """Return one registration as the organisers' export shows it (prefetch its related rows)."""

    def when(moment):
        return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""

    return [
        *(display_value(registration, name) for name in Registration.PERSONAL_FIELDS),
        " ".join(day.isoformat() for day in registration.days),
        "; ".join(
            f"{seat.session.title} ({seat.get_status_display()})"
            for seat in registration.seats.all()
            if seat.status != Seat.Status.CANCELLED
        ),
        registration.get_status_display(),
        registration.language,
        when(registration.created_at),
        " ".join(
            when(made.checked_in_at) for made in registration.check_ins.all() if not made.session_id
        ),
    ]


def purged_values() -> dict[str, Any]:
    """Return what the purge writes: every personal field emptied but those kept for counts."""
    return {
        name: Registration._meta.get_field(name).get_default()
        for name in Registration.PERSONAL_FIELDS
        if name not in Registration.KEPT_AFTER_PURGE
    }
