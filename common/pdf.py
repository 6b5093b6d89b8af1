"""PDFs written by WeasyPrint from HTML templates (badges, lists, reports, certificates)."""

from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _

from common.images import FONTS


class PdfUnavailable(Exception):
    """WeasyPrint's system libraries (Pango) are missing on this machine."""


UNAVAILABLE_MESSAGE = _(
    "PDFs cannot be made on this server: WeasyPrint's system libraries are missing (Debian: "
    "apt-get install libpango-1.0-0 libpangoft2-1.0-0)."
)


def write_pdf(html: str) -> bytes:
    try:
        from weasyprint import HTML
    except OSError as error:  # the Python package is there, its system libraries are not
        raise PdfUnavailable(str(error)) from error
    return HTML(string=html, base_url=str(FONTS)).write_pdf()


def pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
