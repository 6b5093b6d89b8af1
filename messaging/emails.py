"""The announcement email, through the registrations' outbox and worker."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from clusters_event.links import absolute_url
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


def news_headers(delivery: EmailDelivery) -> dict[str, str]:
    """One-click unsubscribe (RFC 8058) for news of future editions."""
    from messaging.models import Announcement

    if announcement_of(delivery).audience != Announcement.Audience.FUTURE_NEWS:
        return {}
    registration = delivery.registration
    url = absolute_url(
        reverse(
            "registrations:stop_news",
            kwargs={"edition_slug": registration.edition.slug, "token": registration.manage_token},
        )
    )
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


register_email_kind(
    ANNOUNCEMENT,
    label=_("Announcement"),
    subject=announcement_subject,
    context=announcement_context,
    automatic=False,  # written by the organisers
    headers=news_headers,
)


def shows_pass(delivery: EmailDelivery) -> bool:
    """The messages before the event carry the pass for the entrance."""
    from messaging.models import TimedMessage

    message = announcement_of(delivery)
    return isinstance(message, TimedMessage) and message.kind in (
        TimedMessage.Kind.PRACTICAL,
        TimedMessage.Kind.SEE_YOU_TOMORROW,
    )


register_email_kind(
    TIMED,
    label=_("Timed message"),
    subject=announcement_subject,
    context=announcement_context,
    shows_pass=shows_pass,
)
