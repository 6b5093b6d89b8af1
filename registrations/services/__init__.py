"""Every change to a registration, one transaction each, by concern.

lifecycle: registering, confirming, waiting, promoting, changing and cancelling (places and
    their lock order); check_in: the door; links: personal links, news and address moves;
    cleanup: expiry, erasure and the purge. Read-only figures are in `registrations.figures`.
"""

from registrations.services.check_in import (
    Arrival,
    CheckInResult,
    check_in,
    is_expected,
    undo_check_in,
)
from registrations.services.cleanup import (
    PurgeResult,
    erase_registration,
    expire_unconfirmed,
    purge_personal_data,
)
from registrations.services.lifecycle import (
    RegistrationClosedError,
    add_registration,
    cancel_registration,
    change_registration,
    confirm_registration,
    lock_edition,
    lock_registration,
    promote_registration,
    star_session,
    submit_registration,
)
from registrations.services.links import (
    NewAddressError,
    move_to_new_address,
    new_address_from_token,
    replace_links,
    request_new_address,
    stop_news,
)

__all__ = [
    "Arrival",
    "CheckInResult",
    "NewAddressError",
    "PurgeResult",
    "RegistrationClosedError",
    "add_registration",
    "cancel_registration",
    "change_registration",
    "check_in",
    "confirm_registration",
    "erase_registration",
    "expire_unconfirmed",
    "is_expected",
    "lock_edition",
    "lock_registration",
    "move_to_new_address",
    "new_address_from_token",
    "promote_registration",
    "purge_personal_data",
    "replace_links",
    "request_new_address",
    "star_session",
    "stop_news",
    "submit_registration",
    "undo_check_in",
]
