"""The meetings' emails, sent through the registrations' outbox and worker.

What an email says of the meeting is recorded when it is queued (the other person's name and
organisation, the time, the table): a cancellation must still say what was cancelled after an
erasure has deleted the meeting. No email names an address: people write through the platform.
"""

import datetime as dt

from django.core import signing
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy

from clusters_event.links import absolute_url
from meetings.models import Meeting
from networking import access
from registrations.emails import queue_email, register_email_kind
from registrations.models import EmailDelivery, Registration

REQUESTED = "meetings_requested"
ACCEPTED = "meetings_accepted"
DECLINED = "meetings_declined"
PROPOSED = "meetings_proposed"
CANCELLED = "meetings_cancelled"
REMINDER = "meetings_reminder"
LINK_SALT = "meetings.email-link"


def email_link(registration: Registration, meeting_id: int | None = None) -> str:
    """Return a link that signs the person into the participants' area and opens the meeting
    (or their meetings); replacing their manage links voids it."""
    token = signing.dumps(
        {"r": registration.pk, "m": meeting_id, "f": access.fingerprint(registration)},
        salt=LINK_SALT,
    )
    with translation.override(registration.language):
        path = reverse(
            "meetings:from_email",
            kwargs={"edition_slug": registration.edition.slug, "token": token},
        )
    return absolute_url(path)


def read_email_link(token: str) -> tuple[int, int | None, str] | None:
    try:
        payload = signing.loads(token, salt=LINK_SALT)
        return int(payload["r"]), payload["m"], str(payload["f"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def snapshot(meeting: Meeting, recipient: Registration) -> dict:
    other = meeting.other(recipient)
    slot = meeting.slot_times
    return {
        "meeting": meeting.pk,
        "other_name": other.full_name,
        "other_organisation": other.organisation,
        "message": meeting.message,
        "reason": meeting.decline_reason,
        "starts_at": slot.starts_at.isoformat() if slot else "",
        "ends_at": slot.ends_at.isoformat() if slot else "",
        "table": meeting.table.name if meeting.table_id else "",
    }


def tell(recipient: Registration, kind: str, meeting: Meeting) -> EmailDelivery:
    return queue_email(recipient, kind, details=snapshot(meeting, recipient))


def meeting_context(delivery: EmailDelivery) -> dict:
    details = delivery.details
    context = dict(details)
    for name in ("starts_at", "ends_at"):
        context[name] = dt.datetime.fromisoformat(details[name]) if details.get(name) else None
    # A cancelled meeting may be gone (an erasure): its email opens "My meetings" instead.
    meeting_id = None if delivery.kind == CANCELLED else details.get("meeting")
    context["meeting_url"] = email_link(delivery.registration, meeting_id)
    return context


def reminder_context(delivery: EmailDelivery) -> dict:
    from meetings.schedule import meetings_on

    day = dt.date.fromisoformat(delivery.details["day"])
    return {
        "day": day,
        "meetings": meetings_on(delivery.registration, day),
        "meeting_url": email_link(delivery.registration),
    }


def accepted_calendar(delivery: EmailDelivery) -> tuple[str, bytes] | None:
    from meetings.calendar import meeting_calendar

    meeting = (
        Meeting.objects.select_related(
            "block__matchmaking__edition__venue",
            "block__matchmaking__place__venue",
            "table",
            "requester",
            "invitee",
        )
        .filter(pk=delivery.details.get("meeting"), status=Meeting.Status.CONFIRMED)
        .first()
    )
    if meeting is None:
        return None
    return f"meeting-{meeting.pk}.ics", meeting_calendar(meeting, delivery.registration)


def subject(text) -> callable:
    """Return a subject made in the recipient's language, naming the other person."""

    def make(delivery: EmailDelivery) -> str:
        return str(text) % {
            "name": delivery.details.get("other_name", ""),
            "edition": delivery.registration.edition.title,
        }

    return make


register_email_kind(
    REQUESTED,
    label=gettext_lazy("Meeting request received"),
    subject=subject(gettext_lazy("%(name)s asks to meet you at %(edition)s")),
    context=meeting_context,
)
register_email_kind(
    ACCEPTED,
    label=gettext_lazy("Meeting confirmed"),
    subject=subject(gettext_lazy("Meeting with %(name)s confirmed – %(edition)s")),
    context=meeting_context,
    calendar=accepted_calendar,
)
register_email_kind(
    DECLINED,
    label=gettext_lazy("Meeting request declined"),
    subject=subject(gettext_lazy("%(name)s declined your meeting request – %(edition)s")),
    context=meeting_context,
)
register_email_kind(
    PROPOSED,
    label=gettext_lazy("Another meeting time proposed"),
    subject=subject(gettext_lazy("%(name)s proposes another time to meet – %(edition)s")),
    context=meeting_context,
)
register_email_kind(
    CANCELLED,
    label=gettext_lazy("Meeting cancelled"),
    subject=subject(gettext_lazy("Meeting with %(name)s cancelled – %(edition)s")),
    context=meeting_context,
)
register_email_kind(
    REMINDER,
    label=gettext_lazy("Meetings of the day"),
    subject=gettext_lazy("Your meetings today at %(edition)s"),
    context=reminder_context,
)
