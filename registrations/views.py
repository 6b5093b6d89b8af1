from django.conf import settings
from django.contrib import messages
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from common.page_cache import content_version
from common.responses import calendar_response
from events import ical
from events.agenda import group_by_day
from events.models import Edition, EditionPage
from events.shortcuts import get_public_edition
from registrations import services
from registrations.forms import (
    ManageRegistrationForm,
    NewAddressForm,
    RegistrationForm,
    places_version,
)
from registrations.models import Registration, Seat, organisers_address
from registrations.passes import pass_svg
from registrations.personal_data import data_download
from registrations.ratelimit import allow_submission
from registrations.signals import personal_calendar_requested


def registration_by_token(edition: Edition, kind: str, token: str) -> Registration:
    """Return the registration whose `kind` link (manage, calendar, confirmation) it is, or 404."""
    return get_object_or_404(
        Registration.objects.select_related("edition"), edition=edition, **{f"{kind}_token": token}
    )


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
                registration = form.save(commit=False)
                registration.edition, registration.language = edition, get_language()
                try:
                    services.submit_registration(
                        registration=registration,
                        days=form.cleaned_data["days"],
                        sessions=form.cleaned_data.get("sessions") or [],
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
        return render(request, "registrations/register.html", {"edition": edition, "form": form})
    # The empty form's markup is cached per edition, language, content version and places left;
    # the form itself is built only when that markup is not cached.
    return render(
        request,
        "registrations/register.html",
        {
            "edition": edition,
            "empty_form": SimpleLazyObject(lambda: RegistrationForm(edition=edition)),
            "form_version": content_version()[0],
            "places_version": places_version(edition),
        },
    )


@require_safe
def check_email(request: HttpRequest, edition_slug: str) -> HttpResponse:
    edition = get_public_edition(edition_slug)
    hours = settings.REGISTRATION_CONFIRMATION_HOURS
    return render(request, "registrations/check_email.html", {"edition": edition, "hours": hours})


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request: HttpRequest, edition_slug: str, token: str) -> HttpResponse:
    """Show a button that confirms the address; only pressing it (a POST) confirms.

    Mail scanners open links before the person does: a GET must change nothing.
    """
    edition = get_public_edition(edition_slug)
    try:
        registration = registration_by_token(edition, "confirmation", token)
    except Http404:
        return render(request, "registrations/link_invalid.html", {"edition": edition}, status=404)
    if request.method == "POST":
        registration = services.confirm_registration(registration_id=registration.pk)
    if registration.status == Registration.Status.EXPIRED or (
        registration.status == Registration.Status.PENDING
        and timezone.now() >= registration.confirmation_expires_at
    ):
        return render(request, "registrations/link_invalid.html", {"edition": edition}, status=410)
    if registration.status != Registration.Status.PENDING:
        return redirect(registration.manage_url())
    return render(
        request, "registrations/confirm.html", {"edition": edition, "registration": registration}
    )


@never_cache
def manage(
    request: HttpRequest,
    edition_slug: str,
    token: str,
    address_form: NewAddressForm | None = None,
) -> HttpResponse:
    edition = get_public_edition(edition_slug)
    registration = registration_by_token(edition, "manage", token)
    can_change = registration.is_active and registration.status != Registration.Status.PENDING
    form = None
    if can_change:
        changing = request.method == "POST" and address_form is None
        form = ManageRegistrationForm(request.POST if changing else None, instance=registration)
        if changing and form.is_valid():
            services.change_registration(
                registration_id=registration.pk,
                changes=form.changes,
                days=form.cleaned_data["days"],
                sessions=form.cleaned_data.get("sessions") or [],
            )
            messages.success(request, _("Your changes are saved."))
            return redirect(registration.manage_url())
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
            "pass_svg": pass_svg(registration, title=_("QR code of your pass for the entrance"))
            if registration.status == Registration.Status.CONFIRMED
            else None,
            "address_form": address_form
            or (NewAddressForm(registration=registration) if can_change else None),
        },
    )


@require_POST
def request_new_address(request: HttpRequest, edition_slug: str, token: str) -> HttpResponse:
    """Send a link to the new address; nothing changes until its owner opens it."""
    edition = get_public_edition(edition_slug)
    registration = registration_by_token(edition, "manage", token)
    if not registration.is_active:
        return redirect(registration.manage_url())
    if not allow_submission(request, "new-address"):
        return render(request, "429.html", {"edition": edition}, status=429)
    form = NewAddressForm(request.POST, registration=registration)
    if not form.is_valid():
        return manage(request, edition_slug, token, address_form=form)
    new_email = form.cleaned_data["email"]
    services.request_new_address(registration_id=registration.pk, new_email=new_email)
    messages.success(
        request,
        _(
            "We have sent a link to %(email)s. Your registration moves to that address when you "
            "open the link, within %(hours)s hours; until then we keep writing to %(current)s."
        )
        % {
            "email": new_email,
            "hours": settings.REGISTRATION_CONFIRMATION_HOURS,
            "current": registration.email,
        },
    )
    return redirect(registration.manage_url())


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def confirm_new_address(request: HttpRequest, edition_slug: str, token: str) -> HttpResponse:
    """Show the new address with a button; only pressing it (a POST) moves the registration."""
    edition = get_public_edition(edition_slug)
    found = services.new_address_from_token(token)
    if found is None or found[0].edition_id != edition.pk:
        return render(
            request,
            "registrations/link_invalid.html",
            {
                "edition": edition,
                "new_address": True,
                "hours": settings.REGISTRATION_CONFIRMATION_HOURS,
            },
            status=410,
        )
    registration, new_email = found
    error = None
    if request.method == "POST":
        try:
            registration = services.move_to_new_address(
                registration_id=registration.pk, new_email=new_email
            )
        except services.NewAddressError as refusal:
            error = str(refusal)
        else:
            messages.success(
                request,
                _("Your registration's address is now %(email)s.") % {"email": new_email},
            )
            return redirect(registration.manage_url())
    return render(
        request,
        "registrations/confirm_new_address.html",
        {"edition": edition, "new_email": new_email, "error": error},
        status=409 if error else 200,
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def cancel(request: HttpRequest, edition_slug: str, token: str) -> HttpResponse:
    """Say what cancelling does, then cancel when the person confirms (a POST)."""
    edition = get_public_edition(edition_slug)
    registration = registration_by_token(edition, "manage", token)
    if request.method != "POST":
        if not registration.is_active:
            return redirect(registration.manage_url())
        return render(
            request,
            "registrations/cancel.html",
            {"edition": edition, "registration": registration, "token": token},
        )
    services.cancel_registration(registration_id=registration.pk)
    messages.success(request, _("Your registration is cancelled. We have sent you a confirmation."))
    return redirect(registration.manage_url())


@require_POST
def replace_links(request: HttpRequest, edition_slug: str, token: str) -> HttpResponse:
    edition = get_public_edition(edition_slug)
    registration = registration_by_token(edition, "manage", token)
    registration = services.replace_links(registration_id=registration.pk)
    messages.success(
        request,
        _(
            "Your links are replaced: the old ones no longer work. We have emailed you the new "
            "link to this page; re-subscribe your calendar with the new calendar link."
        ),
    )
    return redirect(registration.manage_url())


@require_POST
def erase(request: HttpRequest, edition_slug: str, token: str) -> HttpResponse:
    edition = get_public_edition(edition_slug)
    registration = registration_by_token(edition, "manage", token)
    if request.POST.get("confirm_erase") != "yes":
        messages.error(request, _("Tick the box to confirm that your data should be erased."))
        return redirect(registration.manage_url())
    services.erase_registration(registration_id=registration.pk)
    return render(request, "registrations/erased.html", {"edition": edition})


@never_cache
@require_safe
def personal_calendar(request: HttpRequest, edition_slug: str, token: str) -> HttpResponse:
    """The attendee's own programme as a feed, by its read-only link (never the manage link)."""
    edition = get_public_edition(edition_slug)
    registration = registration_by_token(edition, "calendar", token)
    calendar = ical.calendar_for_sessions(
        edition=edition,
        sessions=registration.attended_sessions(),
        name=_("My programme – %(edition)s") % {"edition": edition.title},
        other_events=[
            event
            for _receiver, events in personal_calendar_requested.send(
                Registration, registration=registration
            )
            for event in events
        ],
    )
    return calendar_response(calendar, f"{edition.slug}-my-programme.ics")


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def my_agenda(request: HttpRequest, edition_slug: str, token: str) -> HttpResponse:
    """The whole programme with a star on each session: the starred ones make my calendar.

    Plain forms, so it works without JavaScript; reached with the manage link's token.
    """
    edition = get_public_edition(edition_slug)
    registration = registration_by_token(edition, "manage", token)
    if registration.status != Registration.Status.CONFIRMED:
        return redirect(registration.manage_url())
    sessions = list(edition.sessions.for_agenda())
    if request.method == "POST":
        session = next((s for s in sessions if str(s.pk) == request.POST.get("session")), None)
        if session is None:
            return render(
                request,
                "registrations/my_agenda.html",
                agenda_context(edition, registration, sessions, token),
                status=400,
            )
        services.star_session(
            registration=registration, session=session, starred=request.POST.get("star") == "on"
        )
        return redirect(f"{request.path}#session-{session.slug}")
    return render(
        request,
        "registrations/my_agenda.html",
        agenda_context(edition, registration, sessions, token),
    )


def agenda_context(edition, registration, sessions, token) -> dict:
    starred = set(registration.starred.values_list("session_id", flat=True))
    held = set(
        registration.seats.filter(status=Seat.Status.CONFIRMED).values_list("session_id", flat=True)
    )
    return {
        "edition": edition,
        "registration": registration,
        "token": token,
        "days": group_by_day(sessions),
        "starred": starred,
        "held": held,
        "in_calendar": {session.pk for session in registration.attended_sessions()},
    }


@never_cache
@require_safe
def personal_data(request: HttpRequest, edition_slug: str, token: str) -> HttpResponse:
    edition = get_public_edition(edition_slug)
    registration = registration_by_token(edition, "manage", token)
    data = data_download(registration)
    response = JsonResponse(data, encoder=DjangoJSONEncoder, json_dumps_params={"indent": 2})
    response["Content-Disposition"] = f'attachment; filename="{edition.slug}-my-data.json"'
    return response


@require_safe
def privacy(request: HttpRequest, edition_slug: str) -> HttpResponse:
    edition = get_public_edition(edition_slug)
    return render(
        request,
        "registrations/privacy.html",
        {
            "edition": edition,
            "controller": settings.PRIVACY_DATA_CONTROLLER,
            "contact_email": organisers_address(edition),
            "version": settings.PRIVACY_NOTICE_VERSION,
            "purge_days": settings.REGISTRATION_PURGE_AFTER_DAYS,
            "hours": settings.REGISTRATION_CONFIRMATION_HOURS,
            "addition": edition.pages.filter(kind=EditionPage.Kind.PRIVACY).first(),
        },
    )


@csrf_exempt  # mail clients' one-click unsubscribe (RFC 8058) POSTs without a form
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def stop_news(request: HttpRequest, edition_slug: str, token: str) -> HttpResponse:
    """Stop news of future editions: a POST (a button, or the mail client) does it."""
    edition = get_public_edition(edition_slug)
    registration = registration_by_token(edition, "manage", token)
    if request.method == "POST":
        services.stop_news(registration_id=registration.pk)
        registration.refresh_from_db()
    return render(
        request, "registrations/stop_news.html", {"edition": edition, "registration": registration}
    )
