"""The emails of the registration journey: an outbox in the database, sent by the worker.

Each email is an `EmailDelivery` row, written in the same transaction as the change that
causes it, together with the task that sends it (django-tasks-db keeps tasks in the same
database, so both commit or neither does). The worker (`manage.py db_worker`) sends it outside
any request: a hanging SMTP server delays the email, never a visitor. The task claims its row
with one conditional UPDATE, so two workers, or a task and the admin's "Send again", never send
one email twice; a failure is recorded on the row (status, attempts, last error) for organisers
to see, and retried with a growing delay up to MAX_ATTEMPTS. Content is built when sending, in
the registrant's language, so a retry carries current details.
"""

import datetime as dt
import email.policy
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import formataddr, parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clusters_event.links import absolute_url
from events import ical
from events.models import Session
from registrations.models import (
    OTHER_EMAIL_KINDS,
    EmailDelivery,
    Registration,
    organisers_address,
)
from registrations.passes import pass_png

logger = logging.getLogger(__name__)
# How a session-change email names each field that changed.
CHANGE_LABELS = {
    "title": gettext_lazy("title"),
    "starts_at": gettext_lazy("time"),
    "ends_at": gettext_lazy("time"),
    "time_to_be_confirmed": gettext_lazy("time"),
    "place": gettext_lazy("place"),
    "venue": gettext_lazy("place"),
}
Kind = EmailDelivery.Kind
Status = EmailDelivery.Status
MAX_ATTEMPTS = 5
# A claimed email not finished after this long belongs to a worker that died.
STUCK_AFTER = dt.timedelta(minutes=10)


def retry_delay(attempts: int) -> dt.timedelta:
    """Return how long to wait before the next attempt: 1, 4, 16, 64 minutes."""
    return dt.timedelta(minutes=4 ** (attempts - 1))


def queue_email(
    registration: Registration,
    kind: str,
    *,
    session: Session | None = None,
    changed_fields: tuple[str, ...] = (),
    previous: dict | None = None,
    to_address: str = "",
    details: dict | None = None,
) -> EmailDelivery | None:
    """Record an email and the task that sends it, in the surrounding transaction.

    Someone registered at the door without an address gets no email (None).
    """
    if not (to_address or registration.email):
        return None
    delivery = EmailDelivery.objects.create(
        registration=registration,
        kind=kind,
        session=session,
        changed_fields=list(changed_fields),
        previous_schedule=previous or {},
        to_address=to_address,
        details=details or {},
    )
    send_email.enqueue(delivery.pk)
    return delivery


class SiteEmail(EmailMultiAlternatives):
    """An email whose headers are not folded at 78 characters, with images inside its HTML.

    Python's folding puts a line break after the space before an encoded word (a subject with
    "–" in the edition's title), and mail readers then show two spaces there. RFC 5322 allows
    998 characters a line; subjects stay far below.

    `inline_images` maps a Content-ID to PNG bytes that the HTML shows as `cid:` images: they
    travel in the message (multipart/related), so no mail reader fetches anything remote.
    """

    def __init__(self, *args, inline_images: dict[str, bytes] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.inline_images = inline_images or {}

    def message(self, *, policy=email.policy.default):
        message = super().message(policy=policy.clone(max_line_length=998))
        if self.inline_images:
            html = message.get_body(preferencelist=("html",))
            for content_id, png in self.inline_images.items():
                html.add_related(png, "image", "png", cid=f"<{content_id}>", disposition="inline")
        return message


@dataclass(frozen=True)
class OtherEmail:
    # Lazily translated, with %(edition)s; or made for each email (in its recipient's language).
    subject: str | Callable[[EmailDelivery], str]
    context: Callable[[EmailDelivery], dict]  # what its templates need beyond the usual
    automatic: bool = True  # False for what organisers write themselves
    headers: Callable[[EmailDelivery], dict[str, str]] | None = None
    # An iCalendar file to attach: (file name, content), or None.
    calendar: Callable[[EmailDelivery], tuple[str, bytes] | None] | None = None
    # Whether the email shows the person's pass for the door (see door_pass).
    shows_pass: Callable[[EmailDelivery], bool] | None = None


OTHER_EMAILS: dict[str, OtherEmail] = {}


def register_email_kind(
    kind: str,
    *,
    label: str,
    subject: str | Callable[[EmailDelivery], str],
    context: Callable[[EmailDelivery], dict],
    automatic: bool = True,
    headers: Callable[[EmailDelivery], dict[str, str]] | None = None,
    calendar: Callable[[EmailDelivery], tuple[str, bytes] | None] | None = None,
    shows_pass: Callable[[EmailDelivery], bool] | None = None,
) -> None:
    """Let another app send its emails (templates `emails/<kind>.txt|.html`) via this outbox."""
    OTHER_EMAIL_KINDS[kind] = label
    OTHER_EMAILS[kind] = OtherEmail(subject, context, automatic, headers, calendar, shows_pass)


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
        Kind.NEW_LINKS: _("Your new links for %(edition)s"),
        Kind.CONFIRM_NEW_ADDRESS: _("Please confirm your new address for %(edition)s"),
        Kind.ADDRESS_CHANGED: _("The email address of your registration for %(edition)s changed"),
    }
    subject = subjects.get(delivery.kind) or OTHER_EMAILS[delivery.kind].subject
    if callable(subject):
        return subject(delivery)
    return str(subject) % {"edition": edition}


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
            "hours": settings.REGISTRATION_CONFIRMATION_HOURS,
            "previous": previous_schedule(delivery),
            "seats": list(
                registration.seats.select_related("session").order_by("session__starts_at")
            ),
            "site_url": settings.SITE_URL,
            "organisers_address": organisers_address(edition),
        }
        if other := OTHER_EMAILS.get(delivery.kind):
            context |= other.context(delivery)
        if delivery.kind == Kind.CONFIRM_NEW_ADDRESS:
            context["new_address"] = delivery.to_address
            context["new_address_url"] = absolute_url(
                registration.new_address_url(delivery.to_address)
            )
        door_pass = pass_png(registration) if shows_pass(delivery) else None
        context["pass_cid"] = PASS_CONTENT_ID if door_pass else None
        template = f"emails/{delivery.kind}"
        message = SiteEmail(
            subject=subject_for(delivery),
            body=render_to_string(f"{template}.txt", context),
            from_email=sender(edition),
            to=[delivery.to_address or registration.email],
            reply_to=[context["organisers_address"]] if context["organisers_address"] else None,
            headers=headers_for(delivery),
            inline_images={PASS_CONTENT_ID: door_pass} if door_pass else None,
        )
        message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
        if attachment := calendar_attachment(delivery):
            filename, content = attachment
            message.attach(filename, content, "text/calendar; charset=utf-8; method=PUBLISH")
    return message


# The pass's image inside the email; unique within one message is enough.
PASS_CONTENT_ID = "door-pass@clusters-meet-regions"


def shows_pass(delivery: EmailDelivery) -> bool:
    """Return whether this email shows the person's pass for the door: when it confirms a place
    at the event, replaces the links (the pass with them), or another app's email asks for it."""
    if delivery.registration.status != Registration.Status.CONFIRMED:
        return False
    if (other := OTHER_EMAILS.get(delivery.kind)) is not None:
        return other.shows_pass is not None and other.shows_pass(delivery)
    if delivery.kind == Kind.PROMOTED:
        return delivery.session_id is None  # a place on a session: the pass is unchanged
    return delivery.kind in (Kind.CONFIRMED, Kind.NEW_LINKS)


def sender(edition) -> str:
    """The site's sending address, named after the edition, so inboxes show what it is about."""
    _name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return formataddr((str(edition.title), address))


def headers_for(delivery: EmailDelivery) -> dict[str, str]:
    headers = {}
    other = OTHER_EMAILS.get(delivery.kind)
    if other is None or other.automatic:
        # RFC 3834: written by the system, not a person; out-of-office replies stay away.
        headers["Auto-Submitted"] = "auto-generated"
    if other is not None and other.headers is not None:
        headers |= other.headers(delivery)
    return headers


def previous_schedule(delivery: EmailDelivery) -> dict | None:
    """Return the changed session as it was, in the registrant's language and zone."""
    previous = delivery.previous_schedule
    if not previous:
        return None
    zone = delivery.registration.edition.tz
    in_language = previous.get(delivery.registration.language) or {}
    return {
        "starts_at": dt.datetime.fromisoformat(previous["starts_at"]).astimezone(zone),
        "ends_at": dt.datetime.fromisoformat(previous["ends_at"]).astimezone(zone),
        "title": in_language.get("title", ""),
        "location": in_language.get("location", ""),
    }


def calendar_attachment(delivery: EmailDelivery) -> tuple[str, bytes] | None:
    registration = delivery.registration
    edition = registration.edition
    if (other := OTHER_EMAILS.get(delivery.kind)) is not None:
        return other.calendar(delivery) if other.calendar is not None else None
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


@task()
def send_email(delivery_id: int) -> str:
    """Send one email of the outbox, once; on failure record why and schedule a retry."""
    claimed = EmailDelivery.objects.filter(
        pk=delivery_id, status__in=[Status.QUEUED, Status.FAILED], attempts__lt=MAX_ATTEMPTS
    ).update(status=Status.SENDING, attempts=F("attempts") + 1, last_attempt_at=timezone.now())
    if not claimed:
        return "not claimed: sent, being sent, erased or out of attempts"
    delivery = EmailDelivery.objects.select_related("registration__edition__series", "session").get(
        pk=delivery_id
    )
    try:
        message = build_message(delivery)
        message.send()
    except Exception as error:  # any SMTP, network or template failure must be recorded
        record_failure(delivery, error)
        return "failed"
    if settings.DEBUG:
        # Console mail wraps long lines; print the links whole so `make run` users can click.
        logger.info(
            "Development email to %s (%s): %s",
            message.to[0],
            delivery.get_kind_display(),
            " ".join(re.findall(r"https?://\S+", message.body)),
        )
    EmailDelivery.objects.filter(pk=delivery_id).update(
        status=Status.SENT, sent_at=timezone.now(), last_error=""
    )
    return "sent"


@transaction.atomic
def record_failure(delivery: EmailDelivery, error: Exception) -> None:
    delivery.status = Status.FAILED
    delivery.last_error = f"{type(error).__name__}: {error}"[:2000]
    delivery.save(update_fields=["status", "last_error"])
    logger.warning(
        "Email %s (%s, registration %s) failed on attempt %s: %s",
        delivery.pk,
        delivery.kind,
        delivery.registration_id,
        delivery.attempts,
        delivery.last_error,
    )
    if delivery.attempts < MAX_ATTEMPTS:
        run_after = timezone.now() + retry_delay(delivery.attempts)
        send_email.using(run_after=run_after).enqueue(delivery.pk)


@transaction.atomic
def send_again(deliveries) -> int:
    """Queue these emails once more (the admin's "Send again"); return how many."""
    ids = list(deliveries.exclude(status=Status.SENDING).values_list("pk", flat=True))
    EmailDelivery.objects.filter(pk__in=ids).update(status=Status.QUEUED, attempts=0)
    for delivery_id in ids:
        send_email.enqueue(delivery_id)
    return len(ids)


@transaction.atomic
def requeue_unsent(*, now: dt.datetime | None = None) -> int:
    """Hand the worker again every email it lost: claimed by a worker that died mid-send.

    Queued and failed emails already have their task waiting; only a crash between claiming and
    recording the outcome leaves a row behind, which this finds by its age.
    """
    now = now or timezone.now()
    stuck = EmailDelivery.objects.filter(
        status=Status.SENDING, last_attempt_at__lt=now - STUCK_AFTER
    ).select_for_update(skip_locked=True)
    stuck.filter(attempts__gte=MAX_ATTEMPTS).update(
        status=Status.FAILED, last_error="The worker stopped while sending."
    )
    ids = list(stuck.filter(attempts__lt=MAX_ATTEMPTS).values_list("pk", flat=True))
    EmailDelivery.objects.filter(pk__in=ids).update(status=Status.QUEUED)
    for delivery_id in ids:
        send_email.enqueue(delivery_id)
    return len(ids)
