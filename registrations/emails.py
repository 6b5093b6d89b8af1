"""The emails of the registration journey: queued in the transaction, sent after it commits.

Each email is an `EmailDelivery` row first. It is sent after the transaction commits; a failure
is recorded on the row (status, attempts, last error) for organisers to see in the admin, and
`send_queued_emails` (run it from cron) or the admin's "Send again" retry it. Content is built
when sending, in the registrant's language, so a resend carries current details.
"""

import logging
import re
from functools import partial

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clusters_event.links import absolute_url
from events import ical
from events.models import Session
from registrations.models import EmailDelivery, Registration

logger = logging.getLogger(__name__)
# How a session-change email names each field that changed.
CHANGE_LABELS = {
    "title": gettext_lazy("title"),
    "starts_at": gettext_lazy("time"),
    "ends_at": gettext_lazy("time"),
    "place": gettext_lazy("place"),
    "venue": gettext_lazy("place"),
}
Kind = EmailDelivery.Kind
MAX_ATTEMPTS = 5


def queue_email(
    registration: Registration,
    kind: str,
    *,
    session: Session | None = None,
    changed_fields: tuple[str, ...] = (),
) -> EmailDelivery:
    """Record an email to send once the surrounding transaction commits."""
    delivery = EmailDelivery.objects.create(
        registration=registration, kind=kind, session=session, changed_fields=list(changed_fields)
    )
    transaction.on_commit(partial(deliver, delivery.pk))
    return delivery


def subject_for(delivery: EmailDelivery) -> str:
    edition = delivery.registration.edition.title
    subjects = {
        Kind.CONFIRM_ADDRESS: _("Please confirm your registration for %(edition)s"),
        Kind.ALREADY_REGISTERED: _("Your registration for %(edition)s"),
        Kind.CONFIRMED: _("You are registered for %(edition)s"),
        Kind.WAITING: _("You are on the waiting list for %(edition)s"),
        Kind.PROMOTED: _("A place is free for you at %(edition)s"),
        Kind.CANCELLED: _("Your registration for %(edition)s is cancelled"),
        Kind.SESSION_CHANGED: _("A session of %(edition)s has changed"),
    }
    return subjects[delivery.kind] % {"edition": edition}


def build_message(delivery: EmailDelivery) -> EmailMultiAlternatives:
    registration = delivery.registration
    edition = registration.edition
    with translation.override(registration.language), timezone.override(edition.tz):
        context = {
            "registration": registration,
            "edition": edition,
            "session": delivery.session,
            "changes": ", ".join(
                dict.fromkeys(
                    str(CHANGE_LABELS[name])
                    for name in delivery.changed_fields
                    if name in CHANGE_LABELS
                )
            ),
            "manage_url": absolute_url(registration.manage_url()),
            "confirm_url": absolute_url(registration.confirmation_url()),
            "edition_url": absolute_url(edition.get_absolute_url()),
            "waiting_position": registration.waiting_position(),
            "seats": list(
                registration.seats.select_related("session").order_by("session__starts_at")
            ),
            "site_url": settings.SITE_URL,
        }
        template = f"emails/{delivery.kind}"
        message = EmailMultiAlternatives(
            subject=subject_for(delivery),
            body=render_to_string(f"{template}.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[registration.email],
        )
        message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
        if attachment := calendar_attachment(delivery):
            filename, content = attachment
            message.attach(filename, content, "text/calendar; charset=utf-8; method=PUBLISH")
    return message


def calendar_attachment(delivery: EmailDelivery) -> tuple[str, bytes] | None:
    registration = delivery.registration
    edition = registration.edition
    if delivery.kind == Kind.SESSION_CHANGED and delivery.session:
        sessions = [Session.objects.for_agenda().get(pk=delivery.session_id)]
        name = f"{delivery.session.title} – {edition.title}"
    elif delivery.kind in (Kind.CONFIRMED, Kind.PROMOTED):
        sessions = list(registration.attended_sessions())
        name = edition.title
    else:
        return None
    calendar = ical.calendar_for_sessions(edition=edition, sessions=sessions, name=name)
    return f"{edition.slug}.ics", calendar


def deliver(delivery_id: int) -> bool:
    """Send one queued email now; record the outcome instead of raising."""
    delivery = (
        EmailDelivery.objects.select_related("registration__edition__series", "session")
        .filter(pk=delivery_id)
        .first()
    )
    if delivery is None or delivery.status == EmailDelivery.Status.SENT:
        return False
    delivery.attempts += 1
    try:
        build_message(delivery).send()
    except Exception as error:  # any SMTP, network or template failure must be recorded
        delivery.status = EmailDelivery.Status.FAILED
        delivery.last_error = f"{type(error).__name__}: {error}"[:2000]
        delivery.save(update_fields=["status", "attempts", "last_error"])
        logger.warning(
            "Email %s (%s, registration %s) failed on attempt %s: %s",
            delivery.pk,
            delivery.kind,
            delivery.registration_id,
            delivery.attempts,
            delivery.last_error,
        )
        return False
    if settings.DEBUG:
        # Console mail wraps long lines; print the links whole so `make run` users can click.
        logger.info(
            "Development email to %s (%s): %s",
            delivery.registration.email,
            delivery.get_kind_display(),
            " ".join(re.findall(r"https?://\S+", build_message(delivery).body)),
        )
    delivery.status = EmailDelivery.Status.SENT
    delivery.sent_at = timezone.now()
    delivery.last_error = ""
    delivery.save(update_fields=["status", "attempts", "last_error", "sent_at"])
    return True


def send_queued_emails(*, max_attempts: int = MAX_ATTEMPTS) -> tuple[int, int]:
    """Send every queued or failed email that has attempts left; return (sent, failed)."""
    pending = EmailDelivery.objects.filter(
        status__in=[EmailDelivery.Status.QUEUED, EmailDelivery.Status.FAILED],
        attempts__lt=max_attempts,
    ).values_list("pk", flat=True)
    sent = failed = 0
    for delivery_id in list(pending):
        if deliver(delivery_id):
            sent += 1
        else:
            failed += 1
    return sent, failed
