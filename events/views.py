import datetime as dt

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db.models import Count
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from common import colours, roles
from common.links import absolute_url
from common.page_cache import cached_public_page
from common.parsing import parse_id
from common.qr import public_qr_svg
from common.responses import calendar_response
from events import ical, share_images
from events.agenda import group_by_day, matching, sessions_now_and_next
from events.caching import next_page_change
from events.forms import AgendaFilterForm, SlidesForm
from events.models import Edition, Material, Speaker
from events.models.materials import MAX_PDF_MEGABYTES
from events.shortcuts import get_public_edition
from events.structured_data import edition_json_ld


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    edition = Edition.objects.current()
    if edition is None:
        return render(request, "events/no_edition.html", status=404)
    return redirect(edition)


@require_safe
def edition_theme(request: HttpRequest, edition_slug: str) -> HttpResponse:
    """Return the edition's own colours and header image as CSS custom properties.

    A stylesheet of its own, because the Content Security Policy allows no inline styles. Its
    address carries the look's version, so browsers keep it for a year.
    """
    edition = get_object_or_404(Edition, slug=edition_slug)
    accent = edition.accent_colour
    dark_link = colours.for_dark_mode(accent)
    css = render_to_string(
        "events/theme.css",
        {
            "accent": accent,
            "accent_rgb": colours.rgb(accent),
            "accent_strong": colours.mix(accent, "#000000", 0.22),
            "dark_link": dark_link,
            "dark_link_rgb": colours.rgb(dark_link),
            "banner": edition.header_renditions,
        },
    )
    response = HttpResponse(css, content_type="text/css; charset=utf-8")
    current = request.GET.get("v") == edition.look_version
    response["Cache-Control"] = (
        "public, max-age=31536000, immutable" if current else "public, max-age=300"
    )
    return response


@require_safe
@cached_public_page
def archive(request: HttpRequest) -> HttpResponse:
    editions = (
        Edition.objects.published()
        .select_related("series", "venue")
        .annotate(material_count=Count("materials"))
    )
    return render(request, "events/archive.html", {"editions": editions})


@require_safe
@cached_public_page
def edition_detail(request: HttpRequest, edition_slug: str) -> HttpResponse:
    edition = get_public_edition(edition_slug, queryset=Edition.objects.for_edition_page())
    return render_edition(request, edition)


@require_safe
@never_cache
def edition_preview(request: HttpRequest, edition_slug: str) -> HttpResponse:
    """The edition's page as visitors will see it, for organisers, published or not."""
    if not roles.may_preview(request.user):
        return redirect_to_login(request.get_full_path(), reverse("admin:login"))
    edition = get_object_or_404(Edition.objects.for_edition_page(), slug=edition_slug)
    return render_edition(request, edition, preview=True)


def render_edition(
    request: HttpRequest, edition: Edition, *, preview: bool = False
) -> HttpResponse:
    sessions = list(edition.sessions.for_agenda())
    partners = list(edition.partnerships.all())
    context = {
        "edition": edition,
        "days": group_by_day(sessions),
        "organisers": [p for p in partners if p.role == p.Role.ORGANISER],
        "partners": [p for p in partners if p.role != p.Role.ORGANISER],
        "registration_state": edition.registration_state(),
        "json_ld": edition_json_ld(edition, sessions),
        "preview": preview,
    }
    response = render(request, "events/edition_detail.html", context)
    # The call to action changes when registration opens or closes and when the event ends.
    return until_registration_changes(response, edition)


@require_safe
@cached_public_page(query_params=tuple(AgendaFilterForm.base_fields))
def agenda(request: HttpRequest, edition_slug: str) -> HttpResponse:
    edition = get_public_edition(edition_slug)
    sessions = edition.sessions.for_agenda()
    filters = {name: request.GET.get(name) for name in AgendaFilterForm.base_fields}
    form = AgendaFilterForm(filters if any(filters.values()) else None, edition=edition)
    chosen = {"day": "", "type": "", "q": ""}
    if form.is_bound and form.is_valid():
        chosen = form.cleaned_data
        if day := chosen["day"]:
            start = dt.datetime.combine(dt.date.fromisoformat(day), dt.time.min, tzinfo=edition.tz)
            sessions = sessions.filter(starts_at__gte=start, starts_at__lt=start + dt.timedelta(1))
        if session_type := chosen["type"]:
            sessions = sessions.filter(session_type=session_type)
    elif form.is_bound:
        sessions = sessions.none()
    sessions = list(sessions)
    if chosen["q"]:
        sessions = matching(sessions, chosen["q"])
    now = timezone.now()
    on_now, up_next = sessions_now_and_next(edition, sessions, now)
    agenda_address = absolute_url(reverse("events:agenda", kwargs={"edition_slug": edition.slug}))
    response = render(
        request,
        "events/agenda.html",
        {
            "edition": edition,
            "form": form,
            "chosen": chosen,
            "days": group_by_day(sessions),
            "on_now": on_now,
            "up_next": up_next,
            "now_and_next": [s for s in sessions if s.pk in on_now or s.pk in up_next],
            "found_count": len(sessions),
            "agenda_address": agenda_address,
            "agenda_qr": public_qr_svg(
                agenda_address, title=_("QR code: the agenda on your phone")
            ),
        },
    )
    if (form.is_bound and not form.is_valid()) or chosen["q"]:
        # Any value can be typed into the URL: such pages are not worth keeping.
        add_never_cache_headers(response)
    # "On now" and "up next" move with the clock while the event runs.
    elif edition.is_running(now):
        response.fresh_until = now.replace(second=0, microsecond=0) + dt.timedelta(minutes=1)
    elif now < edition.starts_at:
        response.fresh_until = edition.starts_at
    return until_registration_changes(response, edition)


def until_registration_changes(response: HttpResponse, edition: Edition) -> HttpResponse:
    """Keep a cached page only until registration opens or closes (the nav's call to action),
    or something else the page shows changes with the clock."""
    change = next_page_change(edition, timezone.now())
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
            "registration_state": edition.registration_state(),
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


@require_safe
@cached_public_page
def edition_page(request: HttpRequest, edition_slug: str, kind: str) -> HttpResponse:
    """The legal notice or the accessibility statement: the organisers' text, or the standard."""
    edition = get_public_edition(edition_slug, queryset=Edition.objects.for_edition_page())
    written = edition.pages.filter(kind=kind).first()
    response = render(
        request,
        f"events/page_{kind}.html",
        {
            "edition": edition,
            "page": written,
            "organisers": [p for p in edition.partnerships.all() if p.role == p.Role.ORGANISER],
        },
    )
    return until_registration_changes(response, edition)


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


@require_safe
@cached_public_page
def edition_share_image(request: HttpRequest, edition_slug: str) -> HttpResponse:
    edition = get_public_edition(edition_slug)
    return HttpResponse(share_images.edition_card(edition), content_type="image/png")


@require_safe
@cached_public_page
def session_share_image(request: HttpRequest, edition_slug: str, session_slug: str) -> HttpResponse:
    edition = get_public_edition(edition_slug)
    session = get_object_or_404(edition.sessions.for_agenda(), slug=session_slug)
    return HttpResponse(share_images.session_card(session), content_type="image/png")


@require_safe
def material_file(request: HttpRequest, edition_slug: str, pk: int, name: str) -> FileResponse:
    """Serve an uploaded PDF by its row: the stored path never comes from the request."""
    material = get_object_or_404(
        Material.objects.exclude(file=""),
        pk=pk,
        edition__slug=edition_slug,
        edition__is_published=True,
    )
    response = FileResponse(
        material.file.open("rb"),
        as_attachment=True,
        filename=material.download_name,
        content_type="application/pdf",
    )
    # Opened in the browser's viewer anyway, it runs no script and reaches nothing.
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "public, max-age=3600"
    return response


# Uploads above this are refused before Django reads them (a proxy should cap them too).
UPLOAD_LIMIT_BYTES = (MAX_PDF_MEGABYTES + 1) * 1024 * 1024


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def speaker_upload(request: HttpRequest, edition_slug: str, token: str) -> HttpResponse:
    """A speaker's own page to upload their slides, by the link organisers sent them."""
    edition = get_public_edition(edition_slug)
    speaker = Speaker.objects.filter(upload_token=token).first()
    sessions = edition.sessions.filter(appearances__speaker=speaker).distinct()
    if speaker is None or not sessions.exists():
        return render(request, "events/upload_link_invalid.html", {"edition": edition}, status=404)
    mine = Material.objects.filter(edition=edition, speaker=speaker).select_related("session")
    form = SlidesForm(sessions=sessions)
    if request.method == "POST":
        if (parse_id(request.META.get("CONTENT_LENGTH")) or 0) > UPLOAD_LIMIT_BYTES:
            # Refused before reading the upload at all.
            form.refuse(
                _("The file is larger than %(limit)d MB; reduce it (export without video).")
                % {"limit": MAX_PDF_MEGABYTES}
            )
        elif "remove" in request.POST:
            removed, _kinds = mine.filter(pk=parse_id(request.POST["remove"])).delete()
            if removed:
                messages.success(request, _("The file is removed."))
            return redirect(request.path)
        else:
            form = SlidesForm(request.POST, request.FILES, sessions=sessions)
            if form.is_valid():
                material = form.save(commit=False)
                material.edition, material.speaker = edition, speaker
                material.kind = Material.Kind.SLIDES
                if not material.title:
                    material.title = _("Slides: %(session)s") % {"session": material.session.title}
                material.save()
                messages.success(request, _("Thank you: your slides are on the session's page."))
                return redirect(request.path)
    return render(
        request,
        "events/speaker_upload.html",
        {"edition": edition, "speaker": speaker, "form": form, "mine": mine},
        status=400 if form.errors else 200,
    )
