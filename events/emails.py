"""The one email the programme side sends: a speaker's links to upload their slides."""

from functools import cached_property

from django.db import transaction
from django.db.models import QuerySet
from django.tasks import task
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.links import absolute_url
from events.models import Edition, Speaker
from outbox import kinds
from outbox.kinds import Recipient
from outbox.sending import queue

UPLOAD_LINKS = "speaker_upload_links"


def editions_of(speaker: Speaker) -> QuerySet[Edition]:
    return Edition.objects.filter(sessions__appearances__speaker=speaker).distinct()


def speaker_upload_links(speaker: Speaker) -> list[tuple[str, str]]:
    """Return (edition, link) for each edition the speaker is on the programme of."""
    return [
        (
            edition.title,
            absolute_url(
                reverse(
                    "events:speaker_upload",
                    kwargs={"edition_slug": edition.slug, "token": speaker.upload_token},
                )
            ),
        )
        for edition in editions_of(speaker).order_by("-start_date")
    ]


@kinds.register
class UploadLinks(kinds.EmailKind):
    """A speaker's links to upload slides, in the language of the organiser who sent them."""

    name = UPLOAD_LINKS
    label = gettext_lazy("A speaker's links to upload slides")

    @cached_property
    def speaker(self) -> Speaker | None:
        return Speaker.objects.filter(pk=self.email.person_id).first()

    def recipient(self) -> Recipient | None:
        if self.speaker is None or not self.speaker.email:
            return None
        return Recipient(address=self.speaker.email, language=self.email.details["language"])

    @cached_property
    def links(self) -> list[tuple[str, str]]:
        return speaker_upload_links(self.speaker)

    def subject(self) -> str:
        if self.links:
            return _("Your slides for %(edition)s") % {"edition": self.links[0][0]}
        return _("Your slides")

    def context(self) -> dict:
        return {"speaker": self.speaker, "links": self.links}


@transaction.atomic
def email_upload_links(speaker: Speaker, language: str) -> bool:
    """Queue a speaker's links to upload slides; False when they have no address."""
    if not speaker.email:
        return False
    queue(UPLOAD_LINKS, person=speaker, details={"language": language})
    return True


@task()
def send_upload_links(speaker_id: int, language: str) -> str:
    """Queue the speaker's email (for tasks queued before the outbox sent it)."""
    speaker = Speaker.objects.filter(pk=speaker_id).first()
    return "queued" if speaker and email_upload_links(speaker, language) else "no address"
