"""The email that says a file is ready, for whoever asked and left the page."""

from functools import cached_property

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.links import absolute_url
from outbox import kinds
from outbox.kinds import Recipient


@kinds.register
class DownloadReady(kinds.EmailKind):
    name = "downloads_ready"
    label = gettext_lazy("A file is ready to download")

    @cached_property
    def download(self):
        from downloads.models import Download

        return Download.objects.filter(pk=self.email.details.get("download")).first()

    def recipient(self) -> Recipient | None:
        download = self.download
        if download is None or not download.requested_by.email:
            return None
        return Recipient(address=download.requested_by.email, language=download.language)

    def subject(self) -> str:
        return _("Your file is ready: %(title)s") % {"title": self.download.title}

    def context(self) -> dict:
        return {
            "download": self.download,
            "download_url": absolute_url(self.download.get_absolute_url()),
        }
