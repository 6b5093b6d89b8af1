"""The door's files, made by the worker: badges (hundreds take a minute and a few hundred MB,
more than a request may) and the paper desk list."""

from django.utils.translation import gettext_lazy as _

from door import badges
from downloads import kinds
from downloads.kinds import File, Progress
from downloads.models import Download
from events.models import Edition
from registrations.models import Registration

PDF = "application/pdf"
CHECK_IN = "registrations.check_in_attendees"


@kinds.register
class Badges(kinds.DownloadKind):
    """Badges of an edition's confirmed people, or of the registrations an organiser chose."""

    name = "door_badges"
    label = _("Badges")
    permission = CHECK_IN

    def make(self, download: Download, progress: Progress) -> File:
        arguments = download.arguments
        people = Registration.objects.filter(status=Registration.Status.CONFIRMED)
        if ids := arguments.get("registrations"):
            people = people.filter(pk__in=ids)
        else:
            people = people.filter(edition_id=arguments["edition"])
        layout, language = arguments["layout"], arguments["language"]
        content = badges.badges_pdf(people, layout=layout, language=language, progress=progress)
        return File(content, f"badges-{arguments['name']}-{layout}-{language}.pdf", PDF)


@kinds.register
class DeskList(kinds.DownloadKind):
    name = "door_desk_list"
    label = _("Desk list")
    permission = CHECK_IN

    def make(self, download: Download, progress: Progress) -> File:
        edition = Edition.objects.get(pk=download.arguments["edition"])
        return File(badges.desk_list_pdf(edition), f"desk-list-{edition.slug}.pdf", PDF)
