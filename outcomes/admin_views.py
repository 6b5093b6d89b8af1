"""The organisers' pages of the evaluation: results, and the files for funders."""

import datetime as dt

from django.contrib import admin
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from common import pdf, roles
from events.models import Edition
from outcomes import documents
from outcomes.models import Evaluation
from outcomes.report import build_report
from outcomes.results import meeting_results, survey_results
from overview import charts


def organisers_edition(request: HttpRequest, edition_id: int) -> Edition:
    if not roles.may_see_overview(request.user):
        raise roles.NeedsPermission(roles.OVERVIEW_PERMISSION)
    return get_object_or_404(Edition.objects.select_related("series", "venue"), pk=edition_id)


def results(request: HttpRequest, edition_id: int) -> HttpResponse:
    edition = organisers_edition(request, edition_id)
    evaluation, _created = Evaluation.objects.get_or_create(edition=edition)
    survey = survey_results(evaluation)
    meetings = meeting_results(edition)
    distributions = [
        (d, charts.bars(d.title, d.bars)) for d in [*survey.distributions, survey.recommend]
    ]
    context = admin.site.each_context(request) | {
        "title": _("What %(edition)s achieved") % {"edition": edition.title},
        "edition": edition,
        "evaluation": evaluation,
        "survey": survey,
        "distributions": distributions,
        "meetings": meetings,
        "meeting_charts": [
            (d, charts.bars(d.title, d.bars)) for d in (meetings.assessments, meetings.follow_ups)
        ],
    }
    return TemplateResponse(request, "outcomes/results.html", context)


def file_response(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def report_pdf(request: HttpRequest, edition_id: int) -> HttpResponse:
    edition = organisers_edition(request, edition_id)
    try:
        content = documents.report_pdf(build_report(edition))
    except pdf.PdfUnavailable:
        return HttpResponse(pdf.UNAVAILABLE_MESSAGE, status=503, content_type="text/plain")
    return pdf.pdf_response(content, f"report-{edition.slug}.pdf")


def report_xlsx(request: HttpRequest, edition_id: int) -> HttpResponse:
    edition = organisers_edition(request, edition_id)
    content = documents.report_xlsx(build_report(edition))
    return file_response(content, documents.XLSX, f"report-{edition.slug}.xlsx")


def participant_list(request: HttpRequest, edition_id: int) -> HttpResponse:
    edition = organisers_edition(request, edition_id)
    content = documents.participant_list_xlsx(edition)
    return file_response(content, documents.XLSX, f"participants-{edition.slug}.xlsx")


def signature_sheets(request: HttpRequest, edition_id: int, day: str) -> HttpResponse:
    edition = organisers_edition(request, edition_id)
    try:
        chosen = dt.date.fromisoformat(day)
    except ValueError:
        raise Http404("not a day") from None
    if chosen not in edition.days:
        raise Http404("not a day of the edition")
    try:
        content = documents.signature_sheets_pdf(edition, chosen)
    except pdf.PdfUnavailable:
        return HttpResponse(pdf.UNAVAILABLE_MESSAGE, status=503, content_type="text/plain")
    return pdf.pdf_response(content, f"signatures-{edition.slug}-{chosen.isoformat()}.pdf")
