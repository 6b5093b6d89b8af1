"""The files for funders: the report (PDF and workbook), signature sheets per day, the
participant list, and each person's certificate of attendance."""

import datetime as dt
import hmac
import io
from dataclasses import dataclass
from hashlib import sha256
from typing import TYPE_CHECKING

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from common.images import FONTS
from common.links import absolute_url
from common.pdf import write_pdf
from common.qr import qr_svg
from events.models import Edition, Speaker
from outcomes.report import Report
from registrations.models import Registration

if TYPE_CHECKING:
    from openpyxl import Workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def report_pdf(report: Report) -> bytes:
    return write_pdf(
        render_to_string("outcomes/report.html", {"report": report, "fonts": FONTS.as_uri()})
    )


def sheet_title(title: str, used: set[str]) -> str:
    """A worksheet's name: at most 31 characters, none of []:*?/\\, unique in the book."""
    name = "".join(" " if ch in "[]:*?/\\" else ch for ch in title)[:31].strip() or "Sheet"
    base, number = name, 2
    while name in used:
        suffix = f" ({number})"
        name, number = base[: 31 - len(suffix)] + suffix, number + 1
    used.add(name)
    return name


def workbook_bytes(book: "Workbook") -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def report_xlsx(report: Report) -> bytes:
    """One sheet per table: its title, the headers in bold, numbers as numbers."""
    # Imported here: openpyxl takes 0.1 s to import, which every process (each manage.py
    # command, each web process) would pay at start for a file few ever ask for.
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    for table in report.tables:
        sheet = book.create_sheet(sheet_title(table.title, used))
        sheet.append([table.title])
        sheet["A1"].font = Font(bold=True, size=13)
        sheet.append([str(header) for header in table.headers])
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append([value if isinstance(value, int | float) else str(value) for value in row])
        if table.note:
            sheet.append([])
            sheet.append([str(table.note)])
        sheet.column_dimensions["A"].width = 60
    return workbook_bytes(book)


@dataclass(frozen=True)
class Signatory:
    last_name: str
    first_name: str
    function: str
    organisation: str
    country: str
    is_speaker: bool = False

    @property
    def sort_key(self) -> tuple:
        return (self.last_name.casefold(), self.first_name.casefold())


def speakers_on(edition: Edition, day: dt.date | None = None) -> list[Signatory]:
    sessions = edition.sessions.published().filter(is_cancelled=False)
    if day is not None:
        sessions = sessions.on_days([day], edition.tz)
    people = Speaker.objects.filter(sessions__in=sessions).distinct()
    found = []
    for speaker in people:
        first, _space, last = speaker.name.rpartition(" ")
        found.append(
            Signatory(
                last or first,
                first if last else "",
                speaker.job_title,
                speaker.organisation,
                "",
                True,
            )
        )
    return found


def signatories(edition: Edition, day: dt.date) -> list[Signatory]:
    """Everyone confirmed for the day, speakers included, alphabetical by last name."""
    people = (
        edition.registrations.filter(status=Registration.Status.CONFIRMED, attended_days__day=day)
        .filter(personal_data_purged_at__isnull=True)
        .order_by()
    )
    found = [
        Signatory(p.last_name, p.first_name, p.job_title, p.organisation, p.country.name)
        for p in people
    ]
    registered = {(s.last_name.casefold(), s.first_name.casefold()) for s in found}
    found += [s for s in speakers_on(edition, day) if s.sort_key not in registered]
    return sorted(found, key=lambda signatory: signatory.sort_key)


def signature_sheets_pdf(edition: Edition, day: dt.date) -> bytes:
    evaluation = getattr(edition, "evaluation", None)
    html = render_to_string(
        "outcomes/signature_sheets.html",
        {
            "edition": edition,
            "evaluation": evaluation,
            "day": day,
            "people": signatories(edition, day),
            "fonts": FONTS.as_uri(),
        },
    )
    return write_pdf(html)


def participant_list_xlsx(edition: Edition) -> bytes:
    """For the funder: name, function, organisation, country, days attended."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = sheet_title(_("Participants"), set())
    sheet.append(
        [
            _("Last name"),
            _("First name"),
            _("Function"),
            _("Organisation"),
            _("Country"),
            _("Days attended"),
            _("Speaker"),
        ]
    )
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    people = (
        edition.registrations.filter(
            status=Registration.Status.CONFIRMED, personal_data_purged_at__isnull=True
        )
        .prefetch_related("check_ins")
        .order_by("last_name", "first_name", "pk")
    )
    for person in people:
        days = sorted({c.day for c in person.check_ins.all() if c.session_id is None})  # prefetched
        sheet.append([
            person.last_name, person.first_name, person.job_title, person.organisation,
            person.country.name, ", ".join(day.isoformat() for day in days), "",
        ])  # fmt: skip
    for speaker in sorted(speakers_on(edition), key=lambda s: s.sort_key):
        sheet.append(
            [
                speaker.last_name,
                speaker.first_name,
                speaker.function,
                speaker.organisation,
                "",
                "",
                _("yes"),
            ]
        )
    for column, width in zip("ABCDEFG", (22, 18, 30, 40, 18, 26, 9), strict=True):
        sheet.column_dimensions[column].width = width
    return workbook_bytes(book)


# Certificates of attendance. The code signs who, which edition and which days, so that a
# certificate whose days were changed, or made up, does not verify.
CERTIFICATE_SALT = "outcomes.certificate"


def certificate_code(registration: Registration, days: list[dt.date] | None = None) -> str:
    days = registration.arrival_days() if days is None else days
    message = f"{CERTIFICATE_SALT}:{registration.pk}:{registration.edition_id}:" + ",".join(
        day.isoformat() for day in days
    )
    digest = hmac.new(settings.SECRET_KEY.encode(), message.encode(), sha256).hexdigest()[:24]
    return f"{registration.pk}-{digest}"


def certificate_holder(edition: Edition, code: str) -> Registration | None:
    """The person a certificate code is genuine for, or None (forged, changed, erased)."""
    number, _dash, _digest = code.partition("-")
    if not number.isascii() or not number.isdigit():
        return None
    registration = (
        edition.registrations.filter(pk=int(number), personal_data_purged_at__isnull=True)
        .select_related("edition")
        .first()
    )
    if registration is None or not registration.arrival_days():
        return None
    if not hmac.compare_digest(certificate_code(registration), code):
        return None
    return registration


def verification_url(registration: Registration) -> str:
    with translation.override(registration.language):
        path = reverse(
            "outcomes:verify",
            kwargs={
                "edition_slug": registration.edition.slug,
                "token": certificate_code(registration),
            },
        )
    return absolute_url(path)


def certificate_pdf(registration: Registration) -> bytes:
    """In the person's language: who, which edition, the days attended, and how to verify."""
    url = verification_url(registration)
    with translation.override(registration.language):
        html = render_to_string(
            "outcomes/certificate.html",
            {
                "registration": registration,
                "edition": registration.edition,
                "days": registration.arrival_days(),
                "verify_url": url,
                "code": qr_svg(url, title=_("Verification address"), css_class="certificate-qr"),
                "fonts": FONTS.as_uri(),
                "language": registration.language,
            },
        )
    return write_pdf(html)
