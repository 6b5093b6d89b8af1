"""The evaluation's pages: the survey, my meetings' outcomes and my certificate (through the
manage link), a certificate's verification, and the series' figures."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from common import pdf
from common.dates import format_date
from events.models import Edition
from events.shortcuts import get_public_edition
from outcomes import documents, meeting_views, survey
from outcomes.facts import countries_in_all, facts_for
from outcomes.forms import MeetingViewForm, SurveyForm
from outcomes.models import Evaluation
from registrations.models import Registration


def person(edition_slug: str, token: str) -> tuple[Edition, Registration]:
    edition = get_public_edition(edition_slug)
    registration = get_object_or_404(
        Registration.objects.select_related("edition"), edition=edition, manage_token=token
    )
    return edition, registration


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def survey_page(request: HttpRequest, edition_slug: str, token: str) -> HttpResponse:
    edition, registration = person(edition_slug, token)
    evaluation = Evaluation.objects.filter(edition=edition).first()
    now = timezone.now()
    context = {"edition": edition, "registration": registration, "evaluation": evaluation}
    if evaluation is None or not survey.may_answer(evaluation, registration, now):
        context["closed_reason"] = closed_reason(evaluation, registration, now)
        return render(request, "outcomes/survey_closed.html", context)
    response = survey.response_of(evaluation, registration)
    form = SurveyForm(
        request.POST if request.method == "POST" else None,
        instance=response,
        questions=list(evaluation.questions.all()),
        sessions=survey.sessions_attended(registration) if evaluation.rates_sessions else [],
    )
    if request.method == "POST" and form.is_valid():
        survey.save_response(
            evaluation=evaluation, registration=registration, answers=form.answers()
        )
        messages.success(
            request,
            _("Thank you: your answers are saved. You may change them until %(date)s.")
            % {
                "date": format_date(timezone.localtime(evaluation.closes_at(), edition.tz), "j F Y")
            },
        )
        return redirect(request.path)
    context |= {"form": form, "answered": response is not None}
    return render(request, "outcomes/survey.html", context, status=400 if form.is_bound else 200)


def closed_reason(evaluation: Evaluation | None, registration: Registration, now) -> str:
    if evaluation is None or not evaluation.survey_on:
        return _("This edition has no feedback survey.")
    if now < evaluation.opens_at():
        return _("The survey opens at the end of the last day of the event.")
    if now >= evaluation.closes_at():
        return _("The survey is closed. Thank you to everyone who answered.")
    return _("The survey is for the people who came: your arrival was not recorded at the door.")


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def meetings_page(request: HttpRequest, edition_slug: str, token: str) -> HttpResponse:
    """Each of my past meetings: how it went, and (months later) what came of it."""
    edition, registration = person(edition_slug, token)
    now = timezone.now()
    evaluation = Evaluation.objects.filter(edition=edition).first()
    asks_follow_up = meeting_views.asks_follow_up(evaluation, now)
    past = meeting_views.past_meetings(registration, now)
    status = 200
    if request.method == "POST":
        chosen = next((p for p in past if str(p.meeting.pk) == request.POST.get("meeting")), None)
        form = MeetingViewForm(request.POST, asks_follow_up=asks_follow_up)
        if chosen is not None and form.is_valid():
            meeting_views.record_view(
                meeting=chosen.meeting,
                registration=registration,
                assessment=form.cleaned_data["assessment"],
                follow_up=form.cleaned_data.get("follow_up") if asks_follow_up else None,
            )
            messages.success(
                request,
                _("Saved: your meeting with %(name)s.") % {"name": chosen.other.full_name},
            )
            return redirect(f"{request.path}#meeting-{chosen.meeting.pk}")
        messages.error(request, _("Choose one of the answers offered for one of your meetings."))
        status = 400
    rows = [
        (
            past_meeting,
            MeetingViewForm(
                initial={
                    "assessment": past_meeting.view.assessment if past_meeting.view else "",
                    "follow_up": past_meeting.view.follow_up if past_meeting.view else "",
                },
                asks_follow_up=asks_follow_up,
            ),
        )
        for past_meeting in past
    ]
    return render(
        request,
        "outcomes/meetings.html",
        {
            "edition": edition,
            "registration": registration,
            "rows": rows,
            "asks_follow_up": asks_follow_up,
        },
        status=status,
    )


@never_cache
@require_safe
def certificate(request: HttpRequest, edition_slug: str, token: str) -> HttpResponse:
    edition, registration = person(edition_slug, token)
    if not registration.arrival_days():
        raise Http404("no arrival recorded")
    try:
        document = documents.certificate_pdf(registration)
    except pdf.PdfUnavailable:
        return HttpResponse(pdf.UNAVAILABLE_MESSAGE, status=503, content_type="text/plain")
    return pdf.pdf_response(document, f"certificate-{edition.slug}.pdf")


@never_cache
@require_safe
def verify(request: HttpRequest, edition_slug: str, token: str) -> HttpResponse:
    """Whether a certificate is genuine, naming nothing more than the certificate does."""
    edition = get_public_edition(edition_slug)
    holder = documents.certificate_holder(edition, token)
    return render(
        request,
        "outcomes/verify.html",
        {
            "edition": edition,
            "holder": holder,
            "days": holder.arrival_days() if holder else [],
        },
        status=200 if holder else 404,
    )


@require_safe
def series_figures(request: HttpRequest) -> HttpResponse:
    """Every finished edition's figures side by side, counted from the data."""
    today = timezone.localdate()
    editions = list(
        Edition.objects.published()
        .filter(end_date__lt=today)
        .select_related("series", "venue")
        .order_by("-start_date")
    )
    facts = [fact for fact in facts_for(editions) if fact.has_data]
    totals = {
        "participants": sum(fact.participants for fact in facts),
        "meetings_held": sum(fact.meetings_held for fact in facts),
        "agreements": sum(fact.agreements for fact in facts),
        "countries": countries_in_all([fact.edition for fact in facts]),
    }
    return render(request, "outcomes/series_figures.html", {"facts": facts, "totals": totals})
