"""The participants' area's emails, sent through the registrations' outbox and worker."""

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from clusters_event.links import absolute_url
from networking.models import SIGN_IN_LINK_LIFETIME, SignInLink
from registrations.emails import register_email_kind
from registrations.models import EmailDelivery, Registration

SIGN_IN = "networking_sign_in"
HIDDEN = "networking_hidden"


def sign_in_context(delivery: EmailDelivery) -> dict:
    """Make the link when sending, so that its 15 minutes run from the moment it is mailed."""
    registration = delivery.registration
    context = {
        "minutes": int(SIGN_IN_LINK_LIFETIME.total_seconds() // 60),
        "is_confirmed": registration.status == Registration.Status.CONFIRMED,
        "status": registration.status_explanation(),
    }
    if context["is_confirmed"]:
        token = SignInLink.issue(registration)
        with translation.override(registration.language):
            path = reverse(
                "networking:sign_in",
                kwargs={"edition_slug": registration.edition.slug, "token": token},
            )
        context["sign_in_url"] = absolute_url(path)
    return context


def hidden_context(delivery: EmailDelivery) -> dict:
    return {
        "entry_title": delivery.details.get("entry_title", ""),
        "reason": delivery.details.get("reason", ""),
    }


register_email_kind(
    SIGN_IN,
    label=_("Sign-in link to the participants' area"),
    subject=_("Your link to the participants' area of %(edition)s"),
    context=sign_in_context,
)
register_email_kind(
    HIDDEN,
    label=_("Hidden by the organisers"),
    subject=_("The organisers of %(edition)s hid something you published"),
    context=hidden_context,
)
