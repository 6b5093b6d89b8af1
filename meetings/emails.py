"""The meetings' emails, declared as outbox kinds.

What an email says of the meeting is recorded when it is queued (the other person's name and
organisation, the time, the table): a cancellation must still say what was cancelled after an
erasure has deleted the meeting. No email names an address: people write through the platform.
"""

import datetime as dt

from django.core import signing
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy

from common.links import absolute_url
from meetings.models import Meeting
from networking import access
from outbox import kinds
from outbox.models import Email
from registrations.emails import RegistrationEmail, queue_email
from registrations.models import Registration

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


def tell(recipient: Registration, kind: str, meeting: Meeting) -> Email | None:
    return queue_email(recipient, kind, details=snapshot(meeting, recipient))


class MeetingEmail(RegistrationEmail):
    """An email about one meeting, saying what it was when the email was queued."""

    def subject(self) -> str:
        return str(self.subject_text) % {
            "name": self.email.details.get("other_name", ""),
            "edition": self.edition.title,
        }

    def context(self) -> dict:
        details = self.email.details
        context = super().context() | dict(details)
        for name in ("starts_at", "ends_at"):
            context[name] = dt.datetime.fromisoformat(details[name]) if details.get(name) else None
        # A cancelled meeting may be gone (an erasure): its email opens "My meetings" instead.
        meeting_id = None if self.name == CANCELLED else details.get("meeting")
        context["meeting_url"] = email_link(self.registration, meeting_id)
        return context


@kinds.register
class Requested(MeetingEmail):
    name = REQUESTED
    label = gettext_lazy("Meeting request received")
    subject_text = gettext_lazy("%(name)s asks to meet you at %(edition)s")


@kinds.register
class Accepted(MeetingEmail):
    name = ACCEPTED
    label = gettext_lazy("Meeting confirmed")
    subject_text = gettext_lazy("Meeting with %(name)s confirmed – %(edition)s")

    def calendar(self) -> tuple[str, bytes] | None:
        from meetings.calendar import meeting_calendar

        meeting = (
            Meeting.objects.select_related(
                "block__matchmaking__edition__venue",
                "block__matchmaking__place__venue",
                "table",
                "requester",
                "invitee",
            )
            .filter(pk=self.email.details.get("meeting"), status=Meeting.Status.CONFIRMED)
            .first()
        )
        if meeting is None:
            return None
        return f"meeting-{meeting.pk}.ics", meeting_calendar(meeting, self.registration)


@kinds.register
class Declined(MeetingEmail):
    name = DECLINED
    label = gettext_lazy("Meeting request declined")
    subject_text = gettext_lazy("%(name)s declined your meeting request – %(edition)s")


@kinds.register
class Proposed(MeetingEmail):
    name = PROPOSED
    label = gettext_lazy("Another meeting time proposed")
    subject_text = gettext_lazy("%(name)s proposes another time to meet – %(edition)s")


@kinds.register
class Cancelled(MeetingEmail):
    name = CANCELLED
    label = gettext_lazy("Meeting cancelled")
    subject_text = gettext_lazy("Meeting with %(name)s cancelled – %(edition)s")


@kinds.register
class Reminder(RegistrationEmail):
    name = REMINDER
    label = gettext_lazy("Meetings of the day")
    subject_text = gettext_lazy("Your meetings today at %(edition)s")

    def context(self) -> dict:
        from meetings.schedule import meetings_on

        day = dt.date.fromisoformat(self.email.details["day"])
        return super().context() | {
            "day": day,
            "meetings": meetings_on(self.registration, day),
            "meeting_url": email_link(self.registration),
        }
