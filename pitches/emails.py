"""The call's emails to applicants, declared as outbox kinds: each opens the applicant's own page
through their personal link, in the language they applied in."""

from functools import cached_property
from typing import ClassVar

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from common.links import absolute_url
from outbox import kinds
from outbox.kinds import Recipient
from pitches.models import Application
from registrations.models import organisers_address

CONFIRM_ADDRESS = "pitches_confirm_address"
LINK = "pitches_link"
ACCEPTED = "pitches_accepted"
RESERVE = "pitches_reserve"
DECLINED = "pitches_declined"
# The email each decision sends, by the status it gives.
DECISION_KINDS = {
    Application.Status.ACCEPTED: ACCEPTED,
    Application.Status.RESERVE: RESERVE,
    Application.Status.DECLINED: DECLINED,
}


class ApplicationEmail(kinds.EmailKind):
    """An email to an applicant (`Email.person` is their application)."""

    subject_text: ClassVar[str] = ""  # lazily translated, with %(edition)s

    @cached_property
    def application(self) -> Application | None:
        return (
            Application.objects.select_related("call__edition__series", "category")
            .filter(pk=self.email.person_id)
            .first()
        )

    @property
    def edition(self):
        return self.application.call.edition

    def recipient(self) -> Recipient | None:
        application = self.application
        if application is None or not application.email:
            return None
        return Recipient(
            address=self.email.to_address or application.email,
            language=application.language,
            time_zone=self.edition.tz,
        )

    def subject(self) -> str:
        return str(self.subject_text) % {"edition": self.edition.title}

    def sender_name(self) -> str:
        return str(self.edition.title)

    def reply_to(self) -> str:
        return organisers_address(self.edition)

    def context(self) -> dict:
        application = self.application
        with translation.override(application.language):
            manage_url = absolute_url(application.manage_url())
        return {
            "application": application,
            "call": application.call,
            "edition": self.edition,
            "manage_url": manage_url,
            "from_reserve": bool(self.email.details.get("from_reserve")),
            "organisers_address": self.reply_to(),
        }


@kinds.register
class ConfirmAddress(ApplicationEmail):
    name = CONFIRM_ADDRESS
    label = _("Application: confirm the address")
    subject_text = _("Confirm your application to pitch at %(edition)s")


@kinds.register
class ApplicationLink(ApplicationEmail):
    name = LINK
    label = _("Application: the personal link again")
    subject_text = _("Your application to pitch at %(edition)s")


@kinds.register
class Accepted(ApplicationEmail):
    name = ACCEPTED
    label = _("Application accepted")
    subject_text = _("Your pitch is accepted at %(edition)s: please confirm")


@kinds.register
class Reserve(ApplicationEmail):
    name = RESERVE
    label = _("Application on the reserve list")
    subject_text = _("Your pitch for %(edition)s is on the reserve list")


@kinds.register
class Declined(ApplicationEmail):
    name = DECLINED
    label = _("Application declined")
    subject_text = _("Your application to pitch at %(edition)s")
