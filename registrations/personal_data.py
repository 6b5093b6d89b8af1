"""What we hold about a registered person: each app's part exported and erased together.

Each app that keeps data about registered people declares one `PersonalData` provider naming the
models it covers, with its part of the person's data download and its erasure, so that data
cannot be added to one and forgotten in the other (tests/test_personal_data.py checks that every
model with a person's data is covered). This app's own provider comes first.

`Registration.PERSONAL_FIELDS` declares what people fill in; the data download, the organisers'
CSV export and the purge take them from there.
"""

import datetime as dt
from typing import Any, ClassVar

from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from outbox.models import Email
from registrations.models import AttendedDay, CheckIn, Registration, Seat, StarredSession


class PersonalData:
    """One app's part of what we hold about registered people."""

    # Every model whose rows are about a person, that this provider exports and erases.
    models: ClassVar[tuple[type[Model], ...]] = ()

    def export(self, registration: Registration) -> dict[str, Any]:
        """Return this app's part of the person's data download."""
        raise NotImplementedError

    def erase(self, registration_ids: list[int], *, now: dt.datetime) -> None:
        """Erase what this app holds about these people (the purge keeps anonymous counts)."""
        raise NotImplementedError

    def purge_edition(self, edition, *, now: dt.datetime) -> None:
        """Erase what this app holds about people who are not registered (applicants, say),
        once the edition's retention has passed; most apps hold none."""


PROVIDERS: list[PersonalData] = []


def register(provider: type[PersonalData]) -> type[PersonalData]:
    """Declare an app's provider (a class decorator)."""
    PROVIDERS.append(provider())
    return provider


def data_download(registration: Registration) -> dict[str, Any]:
    """Return everything we hold about the person, for their own download."""
    data: dict[str, Any] = {}
    for provider in PROVIDERS:
        data |= provider.export(registration)
    return data


def erase(registration_ids: list[int], *, now: dt.datetime | None = None) -> int:
    """Erase every app's data about these people, this app's last; return how many."""
    now = now or timezone.now()
    for provider in reversed(PROVIDERS):
        provider.erase(registration_ids, now=now)
    return len(registration_ids)


def purge_edition(edition, *, now: dt.datetime) -> None:
    for provider in PROVIDERS:
        provider.purge_edition(edition, now=now)


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


def purged_values() -> dict[str, Any]:
    """Return what the purge writes: every personal field emptied but those kept for counts."""
    return {
        name: Registration._meta.get_field(name).get_default()
        for name in Registration.PERSONAL_FIELDS
        if name not in Registration.KEPT_AFTER_PURGE
    }


@register
class RegistrationData(PersonalData):
    """The registration itself, its days, places, agenda, check-ins and the emails sent."""

    models = (Registration, AttendedDay, Seat, StarredSession, CheckIn, Email)

    def export(self, registration: Registration) -> dict[str, Any]:
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
            for email in registration.emails.all()
        ]
        return data

    def erase(self, registration_ids: list[int], *, now: dt.datetime) -> None:
        """Keep the status, category, country, days, places and check-ins (anonymous counts),
        and when consent was given to which version of the privacy notice; erase the rest."""
        Email.objects.of_people(Registration, registration_ids).delete()
        Registration.objects.filter(pk__in=registration_ids).update(
            personal_data_purged_at=now, **purged_values()
        )


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
