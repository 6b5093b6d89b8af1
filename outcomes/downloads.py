"""The files for funders, made by the worker: the report (PDF and workbook), the participant
list and the signature sheets of a day, each for hundreds of people."""

import datetime as dt
import io
import zipfile

from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from common import roles
from downloads import kinds
from downloads.kinds import File, Progress
from downloads.models import Download
from events.models import Edition
from outcomes import documents
from outcomes.report import build_report

PDF = "application/pdf"


def edition_of(download: Download) -> Edition:
    return Edition.objects.select_related("series", "venue").get(pk=download.arguments["edition"])


class FunderFile(kinds.DownloadKind):
    permission = roles.OVERVIEW_PERMISSION


@kinds.register
class ReportPdf(FunderFile):
    name = "outcomes_report_pdf"
    label = _("Report (PDF)")

    def make(self, download: Download, progress: Progress) -> File:
        edition = edition_of(download)
        return File(documents.report_pdf(build_report(edition)), f"report-{edition.slug}.pdf", PDF)


@kinds.register
class ReportXlsx(FunderFile):
    name = "outcomes_report_xlsx"
    label = _("Report (Excel)")

    def make(self, download: Download, progress: Progress) -> File:
        edition = edition_of(download)
        content = documents.report_xlsx(build_report(edition))
        return File(content, f"report-{edition.slug}.xlsx", documents.XLSX)


@kinds.register
class ParticipantList(FunderFile):
    name = "outcomes_participant_list"
    label = _("Participant list for the funder (Excel)")

    def make(self, download: Download, progress: Progress) -> File:
        edition = edition_of(download)
        content = documents.participant_list_xlsx(edition)
        return File(content, f"participants-{edition.slug}.xlsx", documents.XLSX)


@kinds.register
class SignatureSheets(FunderFile):
    name = "outcomes_signature_sheets"
    label = _("Signature sheets")

    def make(self, download: Download, progress: Progress) -> File:
        edition = edition_of(download)
        day = dt.date.fromisoformat(download.arguments["day"])
        content = documents.signature_sheets_pdf(edition, day)
        return File(content, f"signatures-{edition.slug}-{day.isoformat()}.pdf", PDF)


@kinds.register
class Certificates(FunderFile):
    """Everyone's certificate of attendance, each in its holder's language, in one ZIP file:
    for organisers who send them themselves or print them for the funder."""

    name = "outcomes_certificates"
    label = _("Certificates of attendance (ZIP)")

    def make(self, download: Download, progress: Progress) -> File:
        edition = edition_of(download)
        people = list(
            edition.registrations.came().select_related("edition").order_by("last_name", "pk")
        )
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for number, person in enumerate(people, start=1):
                name = slugify(f"{person.last_name} {person.first_name}") or "participant"
                archive.writestr(f"{name}-{person.pk}.pdf", documents.certificate_pdf(person))
                progress(number, len(people))
        return File(buffer.getvalue(), f"certificates-{edition.slug}.zip", "application/zip")
