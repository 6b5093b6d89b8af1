"""The registrations' CSV export, made by the worker (thousands of rows with their places,
days and check-ins)."""

import csv
import io

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from downloads import kinds
from downloads.kinds import File, Progress
from downloads.models import Download
from registrations.models import Registration
from registrations.personal_data import csv_header, csv_row


def spreadsheet_safe(value) -> str:
    """Return the value as text that Excel and LibreOffice will not run as a formula."""
    text = str(value)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@kinds.register
class RegistrationsCsv(kinds.DownloadKind):
    name = "registrations_csv"
    label = _("Registrations (CSV)")
    permission = "registrations.view_registration"

    def make(self, download: Download, progress: Progress) -> File:
        people = (
            Registration.objects.filter(pk__in=download.arguments["registrations"])
            .prefetch_related("seats__session", "attended_days", "check_ins")
            .order_by("last_name", "first_name")
        )
        total = len(download.arguments["registrations"])
        out = io.StringIO()
        # The byte order mark makes Excel read the file as UTF-8, keeping accents intact.
        out.write("\ufeff")
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(csv_header())
        for number, registration in enumerate(people.iterator(chunk_size=500), start=1):
            writer.writerow([spreadsheet_safe(v) for v in csv_row(registration)])
            progress(number, total)
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        return File(
            out.getvalue().encode(), f"registrations-{stamp}.csv", "text/csv; charset=utf-8"
        )
