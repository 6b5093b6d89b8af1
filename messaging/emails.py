"""The announcement and timed-message emails, declared as outbox kinds.

An organiser's test email has no person: it goes to the organiser's address, written for a
fictitious participant (`words.SampleParticipant`), with links that open nobody's data.
"""

from functools import cached_property

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from common.links import absolute_url
from messaging.models import Announcement, TimedMessage
from messaging.words import SampleParticipant, message_for
from outbox import kinds
from outbox.kinds import Recipient
from registrations.emails import RegistrationEmail

ANNOUNCEMENT = "messaging_announcement"
TIMED = "messaging_timed"


class MessageEmail(RegistrationEmail):
    """An organisers' message to one person, or to an organiser as a test."""

    @cached_property
    def message(self):
        details = self.email.details
        model = TimedMessage if "timed_message" in details else Announcement
        pk = details.get("timed_message", details.get("announcement"))
        return kinds.shared(
            (model.__name__, pk),
            lambda: model.objects.select_related("edition__series", "edition__venue").get(pk=pk),
        )

    @property
    def is_preview(self) -> bool:
        return self.email.is_preview

    @property
    def edition(self):
        return self.message.edition

    @cached_property
    def reader(self):
        """The registration it is for, or the fictitious participant of a test."""
        if self.is_preview:
            return SampleParticipant(edition=self.edition, language=self.email.details["language"])
        return self.registration

    def recipient(self) -> Recipient | None:
        if self.is_preview:
            return Recipient(
                address=self.email.to_address,
                language=self.email.details["language"],
                time_zone=self.edition.tz,
            )
        return super().recipient()

    @cached_property
    def words(self) -> tuple[str, str]:
        return message_for(self.message, self.reader)

    def subject(self) -> str:
        return self.words[0]

    def context(self) -> dict:
        audience = getattr(self.message, "audience", Announcement.Audience.REGISTRANTS)
        extra = {
            "announcement_body": self.words[1],
            "is_news": audience == Announcement.Audience.FUTURE_NEWS,
            "is_preview": self.is_preview,
        }
        if not self.is_preview:
            return super().context() | extra
        return extra | {
            "registration": self.reader,
            "edition": self.edition,
            "manage_url": absolute_url(self.reader.manage_url()),
            "edition_url": absolute_url(self.edition.get_absolute_url()),
            "pass_cid": None,
        }

    def shows_pass(self) -> bool:
        return False


@kinds.register
class AnnouncementEmail(MessageEmail):
    name = ANNOUNCEMENT
    label = _("Announcement")
    automatic = False  # written by the organisers

    def headers(self) -> dict[str, str]:
        """One-click unsubscribe (RFC 8058) for news of future editions."""
        if self.is_preview or self.message.audience != Announcement.Audience.FUTURE_NEWS:
            return {}
        registration = self.registration
        url = absolute_url(
            reverse(
                "registrations:stop_news",
                kwargs={
                    "edition_slug": registration.edition.slug,
                    "token": registration.manage_token,
                },
            )
        )
        return {
            "List-Unsubscribe": f"<{url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }


@kinds.register
class TimedEmail(MessageEmail):
    name = TIMED
    label = _("Timed message")

    def shows_pass(self) -> bool:
        """The messages before the event carry the pass for the entrance."""
        before_the_event = (TimedMessage.Kind.PRACTICAL, TimedMessage.Kind.SEE_YOU_TOMORROW)
        return (
            not self.is_preview
            and self.message.kind in before_the_event
            and self.registration.status == self.registration.Status.CONFIRMED
        )
