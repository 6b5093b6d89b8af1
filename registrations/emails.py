"""The emails of the registration journey, declared as outbox kinds.

`RegistrationEmail` is the base of every email to a registered person, this app's and those of
the apps built on it (meetings, networking, messaging): sent to the registration's address in
its language, named after the edition, with the person's links and, once they have a place,
their pass for the door.
"""

import datetime as dt
from functools import cache, cached_property
from typing import ClassVar

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from common.links import absolute_url
from events import ical
from events.models import Session
from outbox import kinds
from outbox.kinds import Attachment, Recipient
from outbox.models import Email
from outbox.sending import send_email  # noqa: F401 - the path of tasks queued before the outbox
from registrations.models import Registration, organisers_address
from registrations.passes import pass_png

# How a session-change email names each field that changed.
CHANGE_LABELS = {
    "title": _("title"),
    "starts_at": _("time"),
    "ends_at": _("time"),
    "time_to_be_confirmed": _("time"),
    "place": _("place"),
    "venue": _("place"),
}
# The pass's image inside the email; unique within one message is enough.
PASS_CONTENT_ID = "door-pass@clusters-meet-regions"


def queue_email(
    registration: Registration,
    kind: "str | type[kinds.EmailKind]",
    *,
    to_address: str = "",
    purpose: str = "",
    details: dict | None = None,
) -> Email | None:
    """Queue an email to a registered person, in the surrounding transaction.

    Someone registered at the door without an address gets no email (None); with a `purpose`,
    they get it once.
    """
    from outbox.sending import queue

    if not (to_address or registration.email):
        return None
    return queue(
        kind,
        person=registration,
        edition_id=registration.edition_id,
        to_address=to_address,
        purpose=purpose,
        details=details,
    )


class RegistrationEmail(kinds.EmailKind):
    """An email to a registered person (`Email.person` is their registration)."""

    # Lazily translated, with %(edition)s.
    subject_text: ClassVar[str] = ""

    @cached_property
    def registration(self) -> Registration | None:
        return (
            Registration.objects.select_related("edition__series", "edition__venue")
            .filter(pk=self.email.person_id)
            .first()
        )

    @property
    def edition(self):
        return self.registration.edition

    def recipient(self) -> Recipient | None:
        registration = self.registration
        if registration is None:
            return None
        return Recipient(
            address=self.email.to_address or registration.email,
            language=registration.language,
            time_zone=registration.edition.tz,
        )

    def subject(self) -> str:
        return str(self.subject_text) % {"edition": self.edition.title}

    def sender_name(self) -> str:
        return str(self.edition.title)

    def reply_to(self) -> str:
        edition = self.edition
        return kinds.shared(("reply_to", edition.pk), lambda: organisers_address(edition))

    @cached_property
    def session(self) -> Session | None:
        session_id = self.email.details.get("session")
        return Session.objects.filter(pk=session_id).first() if session_id else None

    def context(self) -> dict:
        registration = self.registration
        edition = registration.edition
        return {
            "registration": registration,
            "edition": edition,
            "session": self.session,
            "manage_url": absolute_url(registration.manage_url()),
            "confirm_url": absolute_url(registration.confirmation_url()),
            "edition_url": absolute_url(edition.get_absolute_url()),
            "hours": settings.REGISTRATION_CONFIRMATION_HOURS,
            # Read by the templates that name places, only when they do.
            "seats": cache(
                lambda: list(
                    registration.seats.select_related("session").order_by("session__starts_at")
                )
            ),
            "site_url": settings.SITE_URL,
            "organisers_address": self.reply_to(),
            "pass_cid": PASS_CONTENT_ID if self.shows_pass() else None,
        }

    def shows_pass(self) -> bool:
        """Whether the email shows the person's pass for the door (only with a place)."""
        return False

    def inline_images(self) -> dict[str, bytes]:
        if not self.shows_pass() or self.registration.status != Registration.Status.CONFIRMED:
            return {}
        return {PASS_CONTENT_ID: pass_png(self.registration)}

    def calendar(self) -> tuple[str, bytes] | None:
        """Return an iCalendar file to attach, as (file name, content), or None."""
        return None

    def attachments(self) -> list[Attachment]:
        if (calendar := self.calendar()) is None:
            return []
        filename, content = calendar
        return [Attachment(filename, content, "text/calendar; charset=utf-8; method=PUBLISH")]

    def programme_calendar(self) -> tuple[str, bytes]:
        edition = self.edition
        sessions = list(self.registration.attended_sessions())
        content = ical.calendar_for_sessions(edition=edition, sessions=sessions, name=edition.title)
        return f"{edition.slug}.ics", content


class WithPass(RegistrationEmail):
    def shows_pass(self) -> bool:
        return self.registration.status == Registration.Status.CONFIRMED


@kinds.register
class ConfirmAddress(RegistrationEmail):
    name = "confirm_address"
    label = _("Confirm your address")
    subject_text = _("Please confirm your registration for %(edition)s")


@kinds.register
class AlreadyRegistered(RegistrationEmail):
    name = "already_registered"
    label = _("Already registered")
    subject_text = _("Your registration for %(edition)s")


@kinds.register
class Confirmed(WithPass):
    name = "confirmed"
    label = _("Registration confirmed")
    subject_text = _("You are registered for %(edition)s")

    def calendar(self):
        return self.programme_calendar()


@kinds.register
class Waiting(RegistrationEmail):
    name = "waiting"
    label = _("On the waiting list")
    subject_text = _("You are on the waiting list for %(edition)s")

    def context(self) -> dict:
        return super().context() | {"waiting_position": self.registration.waiting_position()}


@kinds.register
class Promoted(WithPass):
    """A place at the event, or (with a session in its details) on a limited session."""

    name = "promoted"
    label = _("Promoted from the waiting list")
    subject_text = _("A place is free for you at %(edition)s")

    def shows_pass(self) -> bool:
        return super().shows_pass() and self.session is None  # a session's place: same pass

    def calendar(self):
        return self.programme_calendar()


@kinds.register
class Cancelled(RegistrationEmail):
    name = "cancelled"
    label = _("Registration cancelled")
    subject_text = _("Your registration for %(edition)s is cancelled")


@kinds.register
class SessionChanged(RegistrationEmail):
    name = "session_changed"
    label = _("A session changed")
    subject_text = _("A session of %(edition)s has changed")

    def context(self) -> dict:
        changed = self.email.details.get("changed_fields", [])
        labels = (str(CHANGE_LABELS[name]) for name in changed if name in CHANGE_LABELS)
        return super().context() | {
            "changes": ", ".join(dict.fromkeys(labels)),
            "previous": self.previous_schedule(),
        }

    def previous_schedule(self) -> dict | None:
        """Return the changed session as it was, in the registrant's language and zone."""
        previous = self.email.details.get("previous")
        if not previous:
            return None
        zone = self.edition.tz
        in_language = previous.get(self.registration.language) or {}
        return {
            "starts_at": dt.datetime.fromisoformat(previous["starts_at"]).astimezone(zone),
            "ends_at": dt.datetime.fromisoformat(previous["ends_at"]).astimezone(zone),
            "title": in_language.get("title", ""),
            "location": in_language.get("location", ""),
        }

    def calendar(self):
        if self.session is None:
            return None
        session = Session.objects.for_agenda().get(pk=self.session.pk)
        name = f"{session.title} – {self.edition.title}"
        content = ical.calendar_for_sessions(edition=self.edition, sessions=[session], name=name)
        return f"{self.edition.slug}.ics", content


@kinds.register
class NewLinks(WithPass):
    name = "new_links"
    label = _("New personal links")
    subject_text = _("Your new links for %(edition)s")


@kinds.register
class ConfirmNewAddress(RegistrationEmail):
    name = "confirm_new_address"
    label = _("Confirm a new address")
    subject_text = _("Please confirm your new address for %(edition)s")

    def context(self) -> dict:
        new_address = self.email.to_address
        return super().context() | {
            "new_address": new_address,
            "new_address_url": absolute_url(self.registration.new_address_url(self.email.pk)),
        }


@kinds.register
class AddressChanged(RegistrationEmail):
    name = "address_changed"
    label = _("Address changed")
    subject_text = _("The email address of your registration for %(edition)s changed")
