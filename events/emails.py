"""The one email the programme side sends: a speaker's links to upload their slides.

Sent by the worker (Django's tasks framework), outside the admin's request; organisers see a
failed send among the worker's tasks and can send it again with the same action.
"""

from django.core.mail import EmailMessage
from django.db.models import QuerySet
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from clusters_event.links import absolute_url
from events.models import Edition, Speaker


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


@task()
def send_upload_links(speaker_id: int, language: str) -> str:
    """Email a speaker their links to upload slides, in the organiser's language."""
    speaker = Speaker.objects.get(pk=speaker_id)
    if not speaker.email:
        return "no address"
    with translation.override(language):
        links = speaker_upload_links(speaker)
        message = EmailMessage(
            subject=_("Your slides for %(edition)s") % {"edition": links[0][0]}
            if links
            else _("Your slides"),
            body=render_to_string(
                "emails/speaker_upload_links.txt", {"speaker": speaker, "links": links}
            ),
            to=[speaker.email],
            headers={"Auto-Submitted": "auto-generated"},
        )
        message.send()
    return "sent"
