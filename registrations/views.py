import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from clusters_event.links import webcal_url
from events import ical
from events.models import Edition
from events.views import calendar_response, get_public_edition
from registrations import services
from registrations.forms import ManageRegistrationForm, RegistrationForm
from registrations.models import CONFIRM_SALT, MANAGE_SALT, Registration, Seat, confirmation_window
from registrations.ratelimit import allow_submission


def find_registration(edition: Edition, payload: dict) -> Registration:
    return get_object_or_404(
        Registration.objects.select_related("edition"), pk=payload.get("id"), edition=edition
    )


def registration_from_manage_token(edition: Edition, token: str) -> Registration:
    try:
        payload = signing.Signer(salt=MANAGE_SALT).unsign_object(token)
    except signing.BadSignature:
        raise Http404("Unknown link") from None
    return find_registration(edition, payload)


def registration_from_confirmation_token(edition: Edition, token: str) -> Registration:
    # A day's grace beyond the window, so a late click says "expired" rather than "invalid".
    max_age = confirmation_window() + dt.timedelta(days=1)
    try:
        payload = signing.loads(token, salt=CONFIRM_SALT, max_age=max_age)
    except signing.BadSignature:
        raise Http404("Unknown or expired link") from None
    return find_registration(edition, payload)


@never_cache
def register(request: HttpRequest, edition_slug: str) -> HttpResponse:
    edition = get_public_edition(edition_slug)
    state = edition.registration_state()
    if state != Edition.RegistrationState.OPEN:
        return render(
            request,
            "registrations/closed.html",
            {"edition": edition, "registration_state": state},
            status=403 if request.method == "POST" else 200,
        )
    if request.method == "POST":
        if not allow_submission(request, "register"):
            return render(request, "429.html", {"edition": edition}, status=429)
        form = RegistrationForm(request.POST, edition=edition)
        if form.is_valid():
            if not form.is_spam:
                try:
                    services.submit_registration(
                        edition=edition, data=registration_data(form, get_language())
                    )
                except services.RegistrationClosedError:
                    return render(
                        request,
                        "registrations/closed.html",
                        {"edition": edition, "registration_state": edition.registration_state()},
                        status=403,
                    )
            # The same page whether the address was new, known or a bot's: it reveals nothing.
            return redirect("registrations:check_email", edition_slug=edition.slug)
    else:
        form = RegistrationForm(edition=edition)
    return render(request, "registrations/register.html", {"edition": edition, "form": form})


def registration_data(form: RegistrationForm, language: str) -> services.RegistrationData:
    data = form.cleaned_data
    return services.RegistrationData(
        first_name=data["first_name"],
        last_name=data["last_name"],
        email=data["email"],
        organisation=data["organisation"],
        job_title=data["job_title"],
        country=str(data["country"]),
        category=data["category"],
        days=list(data["days"]),
        session_ids=[session.pk for session in data.get("sessions") or []],
        wants_to_pitch=data["wants_to_pitch"],
        dietary_requirements=data["dietary_requirements"],
        accessibility_needs=data["accessibility_needs"],
        on_participant_list=data["on_participant_list"],
        wants_future_editions=data["wants_future_editions"],
        language=language,
        privacy_notice_version=settings.PRIVACY_NOTICE_VERSION,
    )


@require_safe
def check_email(request: HttpRequest, edition_slug: str) -> HttpResponse:
    edition = get_public_edition(edition_slug)
    hours = settings.REGISTRATION_CONFIRMATION_HOURS
    return render(request, "registrations/check_email.html", {"edition": edition, "hours": hours})


@never_cache
@require_safe
def confirm(request: HttpRequest, edition_slug: str, token: str) -> HttpResponse:
    edition = get_public_edition(edition_slug)
    try:
        registration = registration_from_confirmation_token(edition, token)
    except Http404:
        return render(request, "registrations/link_invalid.html", {"edition": edition}, status=404)
    registration = services.confirm_registration(registration_id=registration.pk)
    if registration.status == Registration.Status.EXPIRED:
        return render(request, "registrations/link_invalid.html", {"edition": edition}, status=410)
    return redirect(registration.manage_url())


@never_cache
def manage(request: HttpRequest, edition_slug: str, token: str) -> HttpResponse:
    edition = get_public_edition(edition_slug)
    registration = registration_from_manage_token(edition, token)
    can_change = registration.is_active and registration.status != Registration.Status.PENDING
    form = None
    if can_change:
        form = ManageRegistrationForm(request.POST or None, instance=registration)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            services.change_choices(
                registration_id=registration.pk,
                changes=services.ChoiceChanges(
                    days=list(data["days"]),
                    session_ids=[s.pk for s in data.get("sessions") or []],
                    wants_to_pitch=data["wants_to_pitch"],
                    dietary_requirements=data["dietary_requirements"],
                    accessibility_needs=data["accessibility_needs"],
                    on_participant_list=data["on_participant_list"],
                    wants_future_editions=data["wants_future_editions"],
                ),
            )
            messages.success(request, _("Your changes are saved."))
            return redirect(registration.manage_url())
    feed_path = reverse(
        "registrations:calendar", kwargs={"edition_slug": edition.slug, "token": token}
    )
    seats = (
        registration.seats.exclude(status=Seat.Status.CANCELLED)
        .select_related("session")
        .order_by("session__starts_at")
    )
    return render(
        request,
        "registrations/manage.html",
        {
            "edition": edition,
            "registration": registration,
            "token": token,
            "form": form,
            "seats": seats,
            "sessions": list(registration.attended_sessions()),
            "webcal_url": webcal_url(feed_path),
        },
    )


@require_POST
def cancel(request: HttpRequest, edition_slug: str, token: str) -> HttpResponse:
    edition = get_public_edition(edition_slug)
    registration = registration_from_manage_token(edition, token)
    services.cancel_registration(registration_id=registration.pk)
    messages.success(request, _("Your registration is cancelled. We have sent you a confirmation."))
    return redirect(registration.manage_url())


@require_POST
def erase(request: HttpRequest, edition_slug: str, token: str) -> HttpResponse:
    edition = get_public_edition(edition_slug)
    registration = registration_from_manage_token(edition, token)
    if request.POST.get("confirm_erase") != "yes":
        messages.error(request, _("Tick the box to confirm that your data should be erased."))
        return redirect(registration.manage_url())
    services.erase_registration(registration_id=registration.pk)
    return render(request, "registrations/erased.html", {"edition": edition})


@require_safe
def personal_calendar(request: HttpRequest, edition_slug: str, token: str) -> HttpResponse:
    edition = get_public_edition(edition_slug)
    registration = registration_from_manage_token(edition, token)
    calendar = ical.calendar_for_sessions(
        edition=edition,
        sessions=registration.attended_sessions(),
        name=_("My programme – %(edition)s") % {"edition": edition.title},
    )
    return calendar_response(calendar, f"{edition.slug}-my-programme.ics")


@require_safe
def personal_data(request: HttpRequest, edition_slug: str, token: str) -> HttpResponse:
    edition = get_public_edition(edition_slug)
    registration = registration_from_manage_token(edition, token)
    fields = [
        "first_name", "last_name", "email", "organisation", "job_title", "category", "days",
        "wants_to_pitch", "dietary_requirements", "accessibility_needs", "language", "status",
        "privacy_consent_at", "privacy_notice_version", "on_participant_list",
        "wants_future_editions", "created_at", "confirmed_at", "cancelled_at", "checked_in_at",
    ]  # fmt: skip
    data = {name: getattr(registration, name) for name in fields}
    data["country"] = registration.country.code
    data["edition"] = edition.title
    data["sessions"] = [
        {"session": seat.session.title, "status": seat.status}
        for seat in registration.seats.select_related("session")
    ]
    data["emails_sent"] = [
        {"kind": email.kind, "status": email.status, "created_at": email.created_at}
        for email in registration.emails.all()
    ]
    response = JsonResponse(data, encoder=DjangoJSONEncoder, json_dumps_params={"indent": 2})
    response["Content-Disposition"] = f'attachment; filename="{edition.slug}-my-data.json"'
    return response


@require_safe
def privacy(request: HttpRequest, edition_slug: str) -> HttpResponse:
    edition = get_public_edition(edition_slug)
    contact = next((c for c in edition.contacts.all() if c.email), None)
    return render(
        request,
        "registrations/privacy.html",
        {
            "edition": edition,
            "controller": settings.PRIVACY_DATA_CONTROLLER,
            "contact_email": settings.PRIVACY_CONTACT_EMAIL or (contact.email if contact else ""),
            "version": settings.PRIVACY_NOTICE_VERSION,
            "purge_days": settings.REGISTRATION_PURGE_AFTER_DAYS,
            "hours": settings.REGISTRATION_CONFIRMATION_HOURS,
        },
    )
