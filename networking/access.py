"""Who is in an edition's participants' area: signed-in confirmed participants and organisers.

Signing in stores the registration in the visitor's session under a key per edition, with a
fingerprint of its manage link: replacing the links, cancelling or erasing signs the person out.
"""

from dataclasses import dataclass

from django.http import HttpRequest

from common import roles
from events.models import Edition
from networking.models import session_lifetime_end
from registrations.models import Registration


def session_key(edition: Edition) -> str:
    return f"participant:{edition.pk}"


def fingerprint(registration: Registration) -> str:
    return registration.links_fingerprint


def sign_in(request: HttpRequest, registration: Registration) -> None:
    if request.session.get(session_key(registration.edition), {}).get("fingerprint") == (
        fingerprint(registration)
    ):
        return
    request.session.cycle_key()  # a new session id on signing in: no fixation
    request.session[session_key(registration.edition)] = {
        "registration": registration.pk,
        "fingerprint": fingerprint(registration),
    }
    expiry = session_lifetime_end(registration.edition)
    if request.session.get_expiry_date() < expiry:
        request.session.set_expiry(expiry)


def sign_out(request: HttpRequest, edition: Edition) -> None:
    request.session.pop(session_key(edition), None)


@dataclass(frozen=True)
class Visitor:
    """Who is looking at the participants' area, and whether they may see it."""

    registration: Registration | None  # the signed-in person's registration, any status
    is_organiser: bool

    @property
    def is_participant(self) -> bool:
        return (
            self.registration is not None
            and self.registration.status == Registration.Status.CONFIRMED
        )

    @property
    def may_enter(self) -> bool:
        return self.is_participant or self.is_organiser


def visitor(request: HttpRequest, edition: Edition) -> Visitor:
    is_organiser = roles.may_see_participants(request.user)
    signed_in = request.session.get(session_key(edition)) or {}
    registration = (
        Registration.objects.filter(pk=signed_in.get("registration"), edition=edition).first()
        if signed_in
        else None
    )
    if registration is not None:
        registration.edition = edition  # the same row, already loaded
    if registration is not None and fingerprint(registration) != signed_in.get("fingerprint"):
        registration = None  # the links were replaced since: sign in again
    return Visitor(registration=registration, is_organiser=is_organiser)
