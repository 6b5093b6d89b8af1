"""The participants' area's emails, declared as outbox kinds."""

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from common.links import absolute_url
from networking.models import SIGN_IN_LINK_LIFETIME, SignInLink
from outbox import kinds
from registrations.emails import RegistrationEmail
from registrations.models import Registration

SIGN_IN = "networking_sign_in"
HIDDEN = "networking_hidden"


@kinds.register
class SignIn(RegistrationEmail):
    name = SIGN_IN
    label = _("Sign-in link to the participants' area")
    subject_text = _("Your link to the participants' area of %(edition)s")

    def context(self) -> dict:
        """Make the link when sending, so that its 15 minutes run from the moment it is mailed."""
        registration = self.registration
        context = super().context() | {
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


@kinds.register
class Hidden(RegistrationEmail):
    name = HIDDEN
    label = _("Hidden by the organisers")
    subject_text = _("The organisers of %(edition)s hid something you published")

    def context(self) -> dict:
        return super().context() | {
            "entry_title": self.email.details.get("entry_title", ""),
            "reason": self.email.details.get("reason", ""),
        }
