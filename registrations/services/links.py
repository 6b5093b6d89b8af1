"""A person's links and address: replacing the links, stopping news, moving to a new address."""

from django.core import signing
from django.db import transaction
from django.utils.translation import gettext as _

from registrations import emails
from registrations.models import (
    NEW_ADDRESS_SALT,
    Registration,
    confirmation_window,
    new_token,
)
from registrations.services.lifecycle import lock_registration


@transaction.atomic
def replace_links(*, registration_id: int) -> Registration:
    """Give the registration new personal links, voiding the old ones, and email the new one."""
    _edition, registration = lock_registration(registration_id)
    registration.manage_token = new_token()
    registration.calendar_token = new_token()
    registration.confirmation_token = new_token()
    registration.check_in_token = new_token()
    registration.save(
        update_fields=["manage_token", "calendar_token", "confirmation_token", "check_in_token"]
    )
    emails.queue_email(registration, emails.NewLinks)
    return registration


@transaction.atomic
def stop_news(*, registration_id: int) -> None:
    """Stop news of future editions for this address, in every edition of the series."""
    registration = Registration.objects.select_related("edition").get(pk=registration_id)
    Registration.objects.filter(
        edition__series_id=registration.edition.series_id, email__iexact=registration.email
    ).update(wants_future_editions=False)


class NewAddressError(Exception):
    """The registration cannot move to the new address; the message says why."""


def new_address_from_token(token: str) -> "tuple[Registration, str] | None":
    """Return the registration and new address a link names, or None when it is void: too old,
    tampered with, or the address or the links changed since it was sent."""
    try:
        payload = signing.loads(token, salt=NEW_ADDRESS_SALT, max_age=confirmation_window())
        registration = Registration.objects.select_related("edition").get(pk=payload["r"])
    except (signing.BadSignature, KeyError, TypeError, ValueError, Registration.DoesNotExist):
        return None
    if payload.get("f") != registration.address_fingerprint():
        return None
    sent = registration.emails.filter(pk=payload.get("m"), kind=emails.ConfirmNewAddress.name)
    new_address = sent.values_list("to_address", flat=True).first()
    return (registration, new_address) if new_address else None


@transaction.atomic
def request_new_address(*, registration_id: int, new_email: str) -> None:
    """Email a link to the new address; the registration moves there when it is opened."""
    _edition, registration = lock_registration(registration_id)
    emails.queue_email(registration, emails.ConfirmNewAddress, to_address=new_email)


@transaction.atomic
def move_to_new_address(*, registration_id: int, new_email: str) -> Registration:
    """Give the registration its confirmed new address, and tell the old address."""
    edition, registration = lock_registration(registration_id)
    if not registration.is_active:
        raise NewAddressError(
            _("This registration is cancelled: its address can no longer change.")
        )
    taken = (
        edition.registrations.filter(status__in=Registration.ACTIVE_STATUSES)
        .filter(email__iexact=new_email)
        .exclude(pk=registration.pk)
    )
    if taken.exists():
        raise NewAddressError(
            _(
                "%(email)s already has a registration for this edition. Cancel that one with "
                "its own link first, or write to the organisers."
            )
            % {"email": new_email}
        )
    old_email = registration.email
    registration.email = new_email
    registration.save(update_fields=["email"])
    emails.queue_email(registration, emails.AddressChanged, to_address=old_email)
    return registration
