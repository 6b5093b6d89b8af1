"""The call's public pages: the call and its form, the applicant's own page (through their
personal link), their deck and data, and the audience's vote."""

import json
from contextlib import suppress

from django.contrib import messages
from django.core.serializers.json import DjangoJSONEncoder
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from events.shortcuts import get_public_edition
from networking.access import visitor
from pitches import services
from pitches.forms import ApplicationForm
from pitches.models import Application, Call
from pitches.personal_data import application_data, erase_application
from registrations.models import Registration
from registrations.ratelimit import allow_submission


def call_of(edition_slug: str) -> Call:
    edition = get_public_edition(edition_slug)
    call = Call.objects.select_related("edition__series").filter(edition=edition).first()
    if call is None:
        raise Http404("no call for pitches")
    return call


def application_by_token(edition_slug: str, token: str) -> Application:
    call = call_of(edition_slug)
    return get_object_or_404(
        Application.objects.select_related("call__edition", "category", "session"),
        call=call,
        token=token,
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def call_page(request: HttpRequest, edition_slug: str) -> HttpResponse:
    call = call_of(edition_slug)
    context = {"call": call, "edition": call.edition, "is_open": call.is_open()}
    if not context["is_open"]:
        return render(
            request, "pitches/call.html", context, status=403 if request.method == "POST" else 200
        )
    form = ApplicationForm(request.POST or None, request.FILES or None, call=call, applying=True)
    if request.method == "POST":
        if not allow_submission(request, "pitch"):
            return render(request, "429.html", {"edition": call.edition}, status=429)
        if form.is_valid():
            if not form.is_spam:
                application = form.save(commit=False)
                application.call, application.language = call, get_language()
                services.submit_application(application=application)
            return redirect("pitches:check_email", edition_slug=call.edition.slug)
    context["form"] = form
    return render(request, "pitches/call.html", context, status=400 if form.errors else 200)


@require_safe
def check_email(request: HttpRequest, edition_slug: str) -> HttpResponse:
    call = call_of(edition_slug)
    return render(request, "pitches/check_email.html", {"call": call, "edition": call.edition})


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def application_page(request: HttpRequest, edition_slug: str, token: str) -> HttpResponse:
    application = application_by_token(edition_slug, token)
    action = request.POST.get("action") if request.method == "POST" else None
    try:
        if action == "confirm_address":
            services.confirm_address(application_id=application.pk)
            messages.success(request, _("Thank you: your application is confirmed."))
            return redirect(request.path)
        if action == "withdraw":
            services.withdraw(application_id=application.pk)
            messages.success(request, _("Your application is withdrawn."))
            return redirect(request.path)
        if action == "confirm_pitch":
            services.confirm_pitch(application_id=application.pk)
            messages.success(request, _("Thank you: your pitch is confirmed and on the agenda."))
            return redirect(request.path)
    except services.NotAllowedNow:
        messages.error(request, _("That is no longer possible: the page shows where things stand."))
        return redirect(request.path)
    form = None
    if application.may_change():
        changing = action == "change"
        form = ApplicationForm(
            request.POST if changing else None,
            request.FILES if changing else None,
            instance=application,
            call=application.call,
            applying=False,
        )
        if changing and form.is_valid():
            form.save()
            messages.success(request, _("Your changes are saved."))
            return redirect(request.path)
    context = {
        "application": application,
        "call": application.call,
        "edition": application.call.edition,
        "form": form,
        "registered": Registration.objects.filter(
            edition=application.call.edition, email__iexact=application.email
        ).first(),
    }
    return render(
        request,
        "pitches/application.html",
        context,
        status=400 if form is not None and form.errors else 200,
    )


@require_safe
def applicant_deck(request: HttpRequest, edition_slug: str, token: str) -> FileResponse:
    application = application_by_token(edition_slug, token)
    return deck_response(application)


def deck_response(application: Application) -> FileResponse:
    if not application.deck:
        raise Http404("no deck")
    response = FileResponse(
        application.deck.open("rb"),
        content_type="application/pdf",
        as_attachment=False,
        filename=f"pitch-{application.pk}.pdf",
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


@require_safe
def applicant_data(request: HttpRequest, edition_slug: str, token: str) -> HttpResponse:
    application = application_by_token(edition_slug, token)
    response = HttpResponse(
        json.dumps(application_data(application), cls=DjangoJSONEncoder, indent=2),
        content_type="application/json",
    )
    response["Content-Disposition"] = 'attachment; filename="my-application.json"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def applicant_erase(request: HttpRequest, edition_slug: str, token: str) -> HttpResponse:
    application = application_by_token(edition_slug, token)
    edition = application.call.edition
    erase_application(application)
    messages.success(request, _("Your application and everything about it are erased."))
    return redirect(edition.get_absolute_url())


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def vote(request: HttpRequest, edition_slug: str) -> HttpResponse:
    call = call_of(edition_slug)
    person = visitor(request, call.edition).registration
    came = person is not None and Registration.objects.came().filter(pk=person.pk).exists()
    session = call.voting_session()
    pitches = (
        list(
            call.applications.filter(status=Application.Status.CONFIRMED, session=session)
            .select_related("appearance")
            .order_by("appearance__order", "pk")
        )
        if session
        else []
    )
    voted = call.votes.filter(registration=person).select_related("application").first()
    error = ""
    if request.method == "POST" and came and session and voted is None:
        chosen = next((p for p in pitches if str(p.pk) == request.POST.get("pitch")), None)
        if chosen is None:
            error = _("Choose the pitch you vote for.")
        else:
            # Voted a moment ago, from another tab: the page shows that vote.
            with suppress(services.VoteRefused):
                services.cast_vote(call=call, application=chosen, registration=person)
            return redirect(request.path)
    context = {
        "call": call,
        "edition": call.edition,
        "person": person,
        "came": came,
        "session": session,
        "pitches": pitches,
        "voted": voted,
        "error": error,
    }
    return render(request, "pitches/vote.html", context, status=400 if error else 200)
