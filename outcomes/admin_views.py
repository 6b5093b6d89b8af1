"""The organisers' pages of the evaluation: results, and the files for funders."""

import datetime as dt

from django.contrib import admin
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from common import roles
from common.dates import format_date
from downloads.services import request_download
from events.models import Edition
from outcomes import downloads
from outcomes.models import Evaluation
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


def made_by_the_worker(request: HttpRequest, kind, title: str, **arguments) -> HttpResponse:
    """Ask the worker for the file and show the page that waits for it: a report of hundreds
    takes longer than a request may."""
    download = request_download(kind=kind.name, user=request.user, title=title, arguments=arguments)
    return redirect(download)


def report_pdf(request: HttpRequest, edition_id: int) -> HttpResponse:
    edition = organisers_edition(request, edition_id)
    title = _("Report of %(edition)s (PDF)") % {"edition": edition.title}
    return made_by_the_worker(request, downloads.ReportPdf, title, edition=edition.pk)


def report_xlsx(request: HttpRequest, edition_id: int) -> HttpResponse:
    edition = organisers_edition(request, edition_id)
    title = _("Report of %(edition)s (Excel)") % {"edition": edition.title}
    return made_by_the_worker(request, downloads.ReportXlsx, title, edition=edition.pk)


def participant_list(request: HttpRequest, edition_id: int) -> HttpResponse:
    edition = organisers_edition(request, edition_id)
    title = _("Participant list of %(edition)s (Excel)") % {"edition": edition.title}
    return made_by_the_worker(request, downloads.ParticipantList, title, edition=edition.pk)


def signature_sheets(request: HttpRequest, edition_id: int, day: str) -> HttpResponse:
    edition = organisers_edition(request, edition_id)
    try:
        chosen = dt.date.fromisoformat(day)
    except ValueError:
        raise Http404("not a day") from None
    if chosen not in edition.days:
        raise Http404("not a day of the edition")
    title = _("Signature sheets of %(edition)s, %(day)s") % {
        "edition": edition.title,
        "day": format_date(chosen, "j F Y"),
    }
    return made_by_the_worker(
        request, downloads.SignatureSheets, title, edition=edition.pk, day=chosen.isoformat()
    )


def certificates(request: HttpRequest, edition_id: int) -> HttpResponse:
    edition = organisers_edition(request, edition_id)
    title = _("Certificates of attendance of %(edition)s (ZIP)") % {"edition": edition.title}
    return made_by_the_worker(request, downloads.Certificates, title, edition=edition.pk)
