"""Queueing and sending: a row and its task in one transaction, sent once by the worker.

Each email is an `Email` row, written in the same transaction as the change that causes it,
together with the task that sends it (django-tasks-db keeps tasks in the same database, so both
commit or neither does). The worker (`manage.py db_worker`) sends it outside any request: a
hanging SMTP server delays the email, never a visitor. The task claims its row with one
conditional UPDATE, so two workers, or a task and the admin's "Send again", never send one email
twice; a failure is recorded on the row (status, attempts, last error) for organisers to see, and
retried with a growing delay up to MAX_ATTEMPTS. The words are written when sending, by the
email's kind, in the recipient's language.
"""

import datetime as dt
import email.policy
import itertools
import logging
import re
from collections.abc import Iterable
from email.utils import formataddr, parseaddr

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives, mailers
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone, translation

from outbox import kinds
from outbox.models import Email

logger = logging.getLogger(__name__)
Status = Email.Status
MAX_ATTEMPTS = 5
# A claimed email not finished after this long belongs to a worker that died.
STUCK_AFTER = dt.timedelta(minutes=10)


def retry_delay(attempts: int) -> dt.timedelta:
    """Return how long to wait before the next attempt: 1, 4, 16, 64 minutes."""
    return dt.timedelta(minutes=4 ** (attempts - 1))


def queue(
    kind: "str | type[kinds.EmailKind]",
    *,
    person: models.Model | None = None,
    edition_id: int | None = None,
    to_address: str = "",
    purpose: str = "",
    details: dict | None = None,
) -> Email | None:
    """Record an email and the task that sends it, in the surrounding transaction.

    With a `purpose`, a person gets it once: None when they already had it.
    """
    name = kind_name(kind)
    row = Email(
        kind=name,
        person=person,
        edition_id=edition_id,
        to_address=to_address,
        purpose=purpose,
        details=details or {},
    )
    if purpose and person is not None:
        if Email.objects.of(person).for_purpose(purpose).exists():
            return None
        try:
            with transaction.atomic():
                row.save()
        except IntegrityError:  # queued a moment ago by a concurrent request
            return None
    else:
        row.save()
    send_email.enqueue(row.pk)
    return row


def kind_name(kind: "str | type[kinds.EmailKind]") -> str:
    """Return a declared kind's name; an unknown kind fails here, in the caller, not later in
    the worker."""
    name = kind if isinstance(kind, str) else kind.name
    kinds.get(name)
    return name


def queue_many(
    kind: "str | type[kinds.EmailKind]",
    people: Iterable[models.Model],
    *,
    purpose: str,
    edition_id: int | None = None,
    details: dict | None = None,
) -> list[Email]:
    """Record one email per person with this purpose, in bulk (skipping those who had it), and
    one task that hands them to the sending task; return the new rows."""
    name = kind_name(kind)
    people = list(people)
    if not people:
        return []
    content_type = ContentType.objects.get_for_model(type(people[0]), for_concrete_model=False)
    already = set(
        Email.objects.filter(person_type=content_type, purpose=purpose).values_list(
            "person_id", flat=True
        )
    )
    rows = Email.objects.bulk_create(
        Email(
            kind=name,
            person_type=content_type,
            person_id=person.pk,
            edition_id=edition_id,
            purpose=purpose,
            details=details or {},
        )
        for person in people
        if person.pk not in already
    )
    if rows:
        send_queued.enqueue(purpose)
    return rows


# How many emails one task sends over one connection: big enough that connecting is a small
# part of the work, small enough that several workers share a big announcement.
BATCH_SIZE = 100


@task()
def send_queued(purpose: str) -> int:
    """Hand the new emails of this purpose to sending tasks, a batch each (in the worker)."""
    waiting = list(
        Email.objects.filter(purpose=purpose, status=Status.QUEUED, attempts=0)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for batch in itertools.batched(waiting, BATCH_SIZE):
        send_batch.enqueue(list(batch))
    return len(waiting)


@task()
def send_batch(email_ids: list[int]) -> int:
    """Send these emails over one connection to the mail server, each once; return how many
    were sent. Each is claimed on its own, so a second worker never sends one twice."""
    sent = 0
    connection = mailers.default
    try:
        with kinds.sharing():
            for email_id in email_ids:
                if deliver(email_id, connection) == "sent":
                    sent += 1
    finally:
        connection.close()
    return sent


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


def sender(name: str) -> str:
    """Return the site's sending address under this name, so inboxes show what it is about."""
    _name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return formataddr((name, address)) if name else settings.DEFAULT_FROM_EMAIL


class NobodyToSendTo(Exception):
    """The email's person is gone (erased) or has no address any more."""


def build_message(row: Email) -> SiteEmail:
    """Return the email as its kind writes it, in the recipient's language and time zone."""
    kind = kinds.get(row.kind)(row)
    recipient = kind.recipient()
    if recipient is None or not recipient.address:
        raise NobodyToSendTo(row.pk)
    zone = recipient.time_zone or timezone.get_default_timezone()
    with translation.override(recipient.language), timezone.override(zone):
        letter = kind.letter()
        letter.context["email_language"] = recipient.language
        message = SiteEmail(
            subject=letter.subject,
            body=render_to_string(f"{letter.template}.txt", letter.context),
            from_email=sender(letter.sender_name),
            to=[recipient.address],
            reply_to=[letter.reply_to] if letter.reply_to else None,
            headers=letter.headers,
            inline_images=letter.inline_images,
        )
        message.attach_alternative(
            render_to_string(f"{letter.template}.html", letter.context), "text/html"
        )
        for attachment in letter.attachments:
            message.attach(attachment.filename, attachment.content, attachment.mimetype)
    return message


@task()
def send_email(delivery_id: int) -> str:
    """Send one email of the outbox, once; on failure record why and schedule a retry."""
    connection = mailers.default
    try:
        with kinds.sharing():  # what its parts share (its reply-to address) is read once
            return deliver(delivery_id, connection)
    finally:
        connection.close()


def deliver(delivery_id: int, connection) -> str:
    """Claim one email, write it and hand it to the open connection; record what happened."""
    claimed = Email.objects.filter(
        pk=delivery_id, status__in=[Status.QUEUED, Status.FAILED], attempts__lt=MAX_ATTEMPTS
    ).update(status=Status.SENDING, attempts=F("attempts") + 1, last_attempt_at=timezone.now())
    if not claimed:
        return "not claimed: sent, being sent, erased or out of attempts"
    row = Email.objects.get(pk=delivery_id)
    try:
        message = build_message(row)
    except NobodyToSendTo:
        Email.objects.filter(pk=delivery_id).update(
            status=Status.FAILED, last_error="Nobody to send it to: erased, or no address."
        )
        return "nobody to send to"
    except Exception as error:  # a template or data failure must be recorded, not lost
        record_failure(row, error)
        return "failed"
    try:
        connection.open()  # kept open across a batch (a no-op while it is)
        connection.send_messages([message])
    except Exception as error:  # any SMTP or network failure must be recorded
        connection.close()  # the next email opens a fresh connection
        record_failure(row, error)
        return "failed"
    if settings.DEBUG:
        # Console mail wraps long lines; print the links whole so `make run` users can click.
        logger.info(
            "Development email to %s (%s): %s",
            message.to[0],
            row.get_kind_display(),
            " ".join(re.findall(r"https?://\S+", message.body)),
        )
    Email.objects.filter(pk=delivery_id).update(
        status=Status.SENT, sent_at=timezone.now(), last_error=""
    )
    return "sent"


@transaction.atomic
def record_failure(row: Email, error: Exception) -> None:
    row.status = Status.FAILED
    row.last_error = f"{type(error).__name__}: {error}"[:2000]
    row.save(update_fields=["status", "last_error"])
    logger.warning(
        "Email %s (%s) failed on attempt %s: %s", row.pk, row.kind, row.attempts, row.last_error
    )
    if row.attempts < MAX_ATTEMPTS:
        run_after = timezone.now() + retry_delay(row.attempts)
        send_email.using(run_after=run_after).enqueue(row.pk)


@transaction.atomic
def send_again(emails) -> int:
    """Queue these emails once more (the admin's "Send again"); return how many."""
    ids = list(emails.exclude(status=Status.SENDING).values_list("pk", flat=True))
    Email.objects.filter(pk__in=ids).update(status=Status.QUEUED, attempts=0)
    for email_id in ids:
        send_email.enqueue(email_id)
    return len(ids)


@transaction.atomic
def requeue_unsent(*, now: dt.datetime | None = None) -> int:
    """Hand the worker again every email it lost: claimed by a worker that died mid-send.

    Queued and failed emails already have their task waiting; only a crash between claiming and
    recording the outcome leaves a row behind, which this finds by its age.
    """
    now = now or timezone.now()
    stuck = Email.objects.filter(
        status=Status.SENDING, last_attempt_at__lt=now - STUCK_AFTER
    ).select_for_update(skip_locked=True)
    stuck.filter(attempts__gte=MAX_ATTEMPTS).update(
        status=Status.FAILED, last_error="The worker stopped while sending."
    )
    ids = list(stuck.filter(attempts__lt=MAX_ATTEMPTS).values_list("pk", flat=True))
    Email.objects.filter(pk__in=ids).update(status=Status.QUEUED)
    for email_id in ids:
        send_email.enqueue(email_id)
    return len(ids)
