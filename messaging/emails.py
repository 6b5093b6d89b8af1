"""The announcement email, through the registrations' outbox and worker."""

from django.utils.translation import gettext_lazy as _

from registrations.emails import register_email_kind
from registrations.models import EmailDelivery

ANNOUNCEMENT = "messaging_announcement"
TIMED = "messaging_timed"


def announcement_of(delivery: EmailDelivery):
    """Return the announcement or timed message whose words the email carries."""
    from messaging.models import Announcement, TimedMessage

    if "timed_message" in delivery.details:
        return TimedMessage.objects.select_related("edition__series").get(
            pk=delivery.details["timed_message"]
        )
    return Announcement.objects.select_related("edition__series").get(
        pk=delivery.details["announcement"]
    )


def announcement_subject(delivery: EmailDelivery) -> str:
    from messaging.services import message_for

    subject, _body = message_for(announcement_of(delivery), delivery.registration)
    return subject


def announcement_context(delivery: EmailDelivery) -> dict:
    from messaging.models import Announcement
    from messaging.services import message_for

    announcement = announcement_of(delivery)
    _subject, body = message_for(announcement, delivery.registration)
    audience = getattr(announcement, "audience", Announcement.Audience.REGISTRANTS)
    return {
        "announcement_body": body,
        "is_news": audience == Announcement.Audience.FUTURE_NEWS,
        "is_preview": bool(delivery.details.get("organiser_preview")),
    }


register_email_kind(
    ANNOUNCEMENT,
    label=_("Announcement"),
    subject=announcement_subject,
    context=announcement_context,
)
register_email_kind(
    TIMED,
    label=_("Timed message"),
    subject=announcement_subject,
    context=announcement_context,
)
