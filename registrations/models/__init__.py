"""Registrations: who registered for which edition, their days, places and check-ins."""

from registrations.models.check_ins import CheckIn, CheckInQuerySet
from registrations.models.places import AttendedDay, Seat, SeatQuerySet, StarredSession
from registrations.models.registrations import (
    NEW_ADDRESS_SALT,
    Category,
    Gender,
    Registration,
    RegistrationQuerySet,
    confirmation_window,
    new_token,
    organisers_address,
    position_in_line,
    validate_deliverable_email,
)


def email_kind_choices() -> list[tuple[str, str]]:
    """Return the email kinds (named by migration 0012; the outbox holds them now)."""
    from outbox.kinds import choices

    return choices()


__all__ = [
    "NEW_ADDRESS_SALT",
    "AttendedDay",
    "Category",
    "CheckIn",
    "CheckInQuerySet",
    "Gender",
    "Registration",
    "RegistrationQuerySet",
    "Seat",
    "SeatQuerySet",
    "StarredSession",
    "confirmation_window",
    "email_kind_choices",
    "new_token",
    "organisers_address",
    "position_in_line",
    "validate_deliverable_email",
]
