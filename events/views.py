import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe

from clusters_event.links import absolute_url, webcal_url
from events import ical
from events.agenda import group_by_day, sessions_now_and_next
from events.caching import cached_public_page
from events.forms import AgendaFilterForm
from events.models import Edition
from events.shortcuts import calendar_response, get_public_edition
from events.structured_data import edition_json_ld


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    edition = Edition.objects.current()
    if edition is None:
        return render(request, "events/no_edition.html", status=404)
    return redirect(edition)


@require_safe
@cached_public_page
def archive(request: HttpRequest) -> HttpResponse:
    editions = Edition.objects.published().select_related("series", "venue")
    return render(request, "events/archive.html", {"editions": editions})


@require_safe
@cached_public_page
def edition_detail(request: HttpRequest, edition_slug: str) -> HttpResponse:
    edition = get_public_edition(edition_slug, queryset=Edition.objects.for_edition_page())
    sessions = list(edition.sessions.for_agenda())
    partners = list(edition.partnerships.all())
    context = {
        "edition": edition,
        "days": group_by_day(sessions),
        "organisers": [p for p in partners if p.role == p.Role.ORGANISER],
        "partners": [p for p in partners if p.role != p.Role.ORGANISER],
        "registration_state": edition.registration_state(),
        "json_ld": edition_json_ld(edition, sessions),
        "webcal_url": edition_webcal_url(edition),
    }
    response = render(request, "events/edition_detail.html", context)
    # The call to action changes when registration opens or closes and when the event ends.
    response.fresh_until = edition.next_state_change(timezone.now())
    return response


@require_safe
@cached_public_page(query_params=tuple(AgendaFilterForm.base_fields))
def agenda(request: HttpRequest, edition_slug: str) -> HttpResponse:
    edition = get_public_edition(edition_slug)
    sessions = edition.sessions.for_agenda()
    filters = {name: request.GET.get(name) for name in AgendaFilterForm.base_fields}
    form = AgendaFilterForm(filters if any(filters.values()) else None, edition=edition)
    if form.is_bound and form.is_valid():
        if day := form.cleaned_data["day"]:
            start = dt.datetime.combine(dt.date.fromisoformat(day), dt.time.min, tzinfo=edition.tz)
            sessions = sessions.filter(starts_at__gte=start, starts_at__lt=start + dt.timedelta(1))
        if session_type := form.cleaned_data["type"]:
            sessions = sessions.filter(session_type=session_type)
    elif form.is_bound:
        sessions = sessions.none()
    sessions = list(sessions)
    now = timezone.now()
    on_now, up_next = sessions_now_and_next(edition, sessions, now)
    response = render(
        request,
        "events/agenda.html",
        {
            "edition": edition,
            "form": form,
            "days": group_by_day(sessions),
            "on_now": on_now,
            "up_next": up_next,
            "webcal_url": edition_webcal_url(edition),
        },
    )
    if form.is_bound and not form.is_valid():
        # Any value can be typed into the URL: such pages are not worth keeping.
        add_never_cache_headers(response)
    # "On now" and "up next" move with the clock while the event runs.
    elif edition.is_running(now):
        response.fresh_until = now.replace(second=0, microsecond=0) + dt.timedelta(minutes=1)
    elif now < edition.starts_at:
        response.fresh_until = edition.starts_at
    return until_registration_changes(response, edition)


def until_registration_changes(response: HttpResponse, edition: Edition) -> HttpResponse:
    """Keep a cached page only until registration opens or closes (the nav's call to action)."""
    change = edition.next_state_change(timezone.now())
    current = getattr(response, "fresh_until", None)
    if change and (current is None or change < current):
        response.fresh_until = change
    return response


@require_safe
@cached_public_page
def session_detail(request: HttpRequest, edition_slug: str, session_slug: str) -> HttpResponse:
    edition = get_public_edition(edition_slug)
    session = get_object_or_404(edition.sessions.for_agenda(), slug=session_slug)
    session_url = absolute_url(session.get_absolute_url())
    response = render(
        request,
        "events/session_detail.html",
        {
            "edition": edition,
            "session": session,
            "google_calendar_url": ical.google_calendar_url(session, session_url),
        },
    )
    return until_registration_changes(response, edition)


@require_safe
@cached_public_page
def speakers(request: HttpRequest, edition_slug: str) -> HttpResponse:
    edition = get_public_edition(edition_slug)
    sessions = list(edition.sessions.for_agenda())
    speakers_by_pk = {}
    for session in sessions:
        for appearance in session.appearances.all():
            entry = speakers_by_pk.setdefault(
                appearance.speaker.pk, {"speaker": appearance.speaker, "appearances": []}
            )
            entry["appearances"].append((session, appearance))
    people = sorted(speakers_by_pk.values(), key=lambda entry: entry["speaker"].name.casefold())
    response = render(request, "events/speakers.html", {"edition": edition, "people": people})
    return until_registration_changes(response, edition)


@require_safe
@cached_public_page
def venue(request: HttpRequest, edition_slug: str) -> HttpResponse:
    edition = get_public_edition(edition_slug)
    sessions = list(edition.sessions.for_agenda())
    venues: dict[int, dict] = {edition.venue.pk: {"venue": edition.venue, "sessions": []}}
    for session in sessions:
        place = session.actual_venue
        venues.setdefault(place.pk, {"venue": place, "sessions": []})["sessions"].append(session)
    response = render(
        request, "events/venue.html", {"edition": edition, "venues": list(venues.values())}
    )
    return until_registration_changes(response, edition)


def edition_webcal_url(edition: Edition) -> str:
    """Return the subscription link for the edition's whole programme."""
    return webcal_url(reverse("events:edition_ics", kwargs={"edition_slug": edition.slug}))


@require_safe
@cached_public_page
def edition_ics(request: HttpRequest, edition_slug: str) -> HttpResponse:
    edition = get_public_edition(edition_slug, queryset=Edition.objects.for_calendar())
    calendar = ical.calendar_for_sessions(
        edition=edition,
        sessions=edition.sessions.for_agenda(),
        name=edition.title,
    )
    return calendar_response(calendar, f"{edition.slug}.ics")


@require_safe
@cached_public_page
def session_ics(request: HttpRequest, edition_slug: str, session_slug: str) -> HttpResponse:
    edition = get_public_edition(edition_slug, queryset=Edition.objects.for_calendar())
    session = get_object_or_404(edition.sessions.for_agenda(), slug=session_slug)
    calendar = ical.calendar_for_sessions(
        edition=edition,
        sessions=[session],
        name=f"{session.title} – {edition.title}",
    )
    return calendar_response(calendar, f"{edition.slug}-{session.slug}.ics")


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    # The admin's address is not listed: naming a secret DJANGO_ADMIN_URL here would publish it.
    lines = ["User-agent: *", "Disallow:", f"Sitemap: {absolute_url(reverse('sitemap'))}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
