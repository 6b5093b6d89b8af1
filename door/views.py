"""The door: the check-in page on the staff's phones, walk-ins, badges and the paper list.

Each scan or tap is one small POST that answers with the part of the page that changes (the
result and the counts) when the page's script sent it, or the whole page without script. The
same tap sent again after a lost answer carries the same request key and finds its check-in.
"""

import datetime as dt
import uuid
from collections import Counter
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.views import LoginView, LogoutView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from common.admin_login import one_attempt_at_a_time
from common.dates import format_date
from common.parsing import parse_id, parse_text
from door import badges
from door import downloads as door_downloads
from door.access import door_staff_only, may_override_capacity
from door.figures import door_counts, limited_sessions
from door.forms import WalkInForm
from downloads.services import request_download
from events.models import Edition, Session
from registrations import services
from registrations.models import CheckIn, Registration, Seat
from registrations.passes import token_in

Arrival = services.Arrival
Status = Registration.Status
SEARCH_LIMIT = 20


def staff_edition(slug: str) -> Edition:
    # Staff may try the door on an edition before it is published.
    return get_object_or_404(Edition.objects.select_related("series", "venue"), slug=slug)


@dataclass(frozen=True)
class Desk:
    """What a phone at the door checks people into: a day of the edition, or a limited session."""

    edition: Edition
    day: dt.date
    session: Session | None
    today: dt.date | None

    @property
    def params(self) -> dict[str, str]:
        return {
            "day": self.day.isoformat(),
            "session": str(self.session.pk if self.session else ""),
        }

    @property
    def query(self) -> str:
        """The desk as a link's query string, so the other door pages keep the day chosen."""
        return urlencode(self.params)


def desk_from(data, edition: Edition, now: dt.datetime | None = None) -> Desk:
    """Read the desk from a request's parameters; anything unknown falls back to today."""
    today = edition.day_of(now)
    try:
        day = dt.date.fromisoformat(data.get("day", ""))
    except ValueError:
        day = None
    if day not in edition.days:
        local_today = timezone.localtime(now, edition.tz).date()
        later = [candidate for candidate in edition.days if candidate >= local_today]
        day = today or (later[0] if later else edition.start_date)
    session_id = parse_id(data.get("session"))
    session = (
        edition.sessions.filter(pk=session_id, capacity__isnull=False).first()
        if session_id
        else None
    )
    return Desk(edition, session.local_day if session else day, session, today)


@dataclass(frozen=True)
class DoorResult:
    """What the staff see after a scan or a tap: big, coloured, unmistakable."""

    colour: str  # green, amber, red, or neutral (an undo)
    headline: str
    registration: Registration | None = None
    check_in: CheckIn | None = None
    detail: str = ""
    can_check_in_anyway: bool = False


def local_time(moment: dt.datetime, edition: Edition) -> str:
    return timezone.localtime(moment, edition.tz).strftime("%H:%M")


def result_of(outcome: services.CheckInResult, desk: Desk) -> DoorResult:
    registration, made = outcome.registration, outcome.check_in
    session = desk.session
    if outcome.arrival == Arrival.CHECKED_IN:
        headline = (
            _("Checked in for %(session)s") % {"session": session.title}
            if session
            else _("Checked in")
        )
        return DoorResult("green", headline, registration, made)
    if outcome.arrival == Arrival.ALREADY:
        return DoorResult(
            "amber",
            _("Already checked in at %(time)s")
            % {"time": local_time(made.checked_in_at, desk.edition)},
            registration,
            made,
        )
    if outcome.arrival == Arrival.NOT_EXPECTED:
        if session:
            seat = registration.seats.filter(session=session).first()
            detail = (
                f"{seat.get_status_display()}. {seat.status_explanation()}"
                if seat and seat.status != Seat.Status.CANCELLED
                else _("They did not book this session.")
            )
            headline = _("No place on %(session)s") % {"session": session.title}
        else:
            headline = _("Not registered for %(day)s") % {"day": format_date(desk.day, "l j F")}
            detail = _("Check them in anyway if they may come today.")
        return DoorResult("amber", headline, registration, detail=detail, can_check_in_anyway=True)
    headlines = {
        Status.WAITING: (
            _("On the waiting list: no place"),
            _("An organiser can let them in (admin: promote from the waiting list)."),
        ),
        Status.PENDING: (
            _("Registration not confirmed"),
            _("They never confirmed their address; an organiser can confirm them in the admin."),
        ),
        Status.CANCELLED: (_("Registration cancelled"), ""),
        Status.EXPIRED: (_("Registration expired (never confirmed)"), ""),
    }
    headline, detail = headlines[registration.status]
    return DoorResult("red", headline, registration, detail=detail)


def find_person(edition: Edition, data) -> tuple[Registration | None, str]:
    """Return the registration a scanned code or a tapped row names, or None and why not."""
    if code := data.get("code", ""):
        token = token_in(code)
        if token is None:
            return None, _("This is not a pass of this event.")
        found = Registration.objects.filter(check_in_token=token).select_related("edition").first()
        if found is None:
            return None, _("This code is not valid any more (replaced links) or never was.")
        if found.edition_id != edition.pk:
            return None, _("This pass is for another edition: %(edition)s.") % {
                "edition": found.edition.title
            }
        return found, ""
    person = parse_id(data.get("registration"))
    found = edition.registrations.filter(pk=person).first() if person else None
    return found, "" if found else _("Nobody with this registration here.")


def query_of(data) -> str:
    """Return the name or organisation searched for, which the page keeps showing."""
    return parse_text(data.get("q"), 100)


def address_hint(email: str) -> str:
    """Enough of an address to tell two people of one name apart by asking them: a.•••@acme.eu."""
    local, _at, domain = email.partition("@")
    return f"{local[:2]}•••@{domain}" if domain else ""


def render_desk(
    request: HttpRequest,
    desk: Desk,
    *,
    query: str = "",
    result: DoorResult | None = None,
) -> HttpResponse:
    """Render the door page, or only its changing part for the page's own script."""
    edition = desk.edition
    people = []
    if query:
        people = list(
            edition.registrations.matching(query)
            .prefetch_related("attended_days")
            .order_by("last_name", "first_name", "pk")[:SEARCH_LIMIT]
        )
        arrived = dict(
            CheckIn.objects.filter(
                registration__in=people, day=desk.day, session=desk.session
            ).values_list("registration_id", "pk")
        )
        namesakes = Counter(person.full_name.casefold() for person in people)
        for person in people:
            person.check_in_here = arrived.get(person.pk)
            if namesakes[person.full_name.casefold()] > 1:
                person.address_hint = address_hint(person.email)
    context = {
        "edition": edition,
        "desk": desk,
        "sessions": limited_sessions(edition, desk.day),
        "counts": door_counts(edition, desk.day),
        "query": query,
        "people": people,
        "result": result,
        # A new key for each tap the page offers; a retry of the same tap repeats it.
        "request_key": uuid.uuid4().hex,
    }
    template = "door/desk.html"
    if request.headers.get("X-Door-Fragment"):
        template += "#live"
    return render(request, template, context)


@never_cache
@door_staff_only
@require_safe
def desk(request: HttpRequest, edition_slug: str) -> HttpResponse:
    edition = staff_edition(edition_slug)
    return render_desk(request, desk_from(request.GET, edition), query=query_of(request.GET))


@never_cache
@door_staff_only
@require_safe
def counts(request: HttpRequest, edition_slug: str) -> HttpResponse:
    edition = staff_edition(edition_slug)
    current = desk_from(request.GET, edition)
    context = {"edition": edition, "desk": current, "counts": door_counts(edition, current.day)}
    return render(request, "door/desk.html#counts", context)


@never_cache
@door_staff_only
@require_POST
def check_in(request: HttpRequest, edition_slug: str) -> HttpResponse:
    edition = staff_edition(edition_slug)
    current = desk_from(request.POST, edition)
    registration, why_not = find_person(edition, request.POST)
    if registration is None:
        result = DoorResult("red", _("Unknown code"), detail=why_not)
    else:
        outcome = services.check_in(
            registration_id=registration.pk,
            day=current.day,
            session=current.session,
            by=request.user,
            anyway=request.POST.get("anyway") == "yes",
            request_key=request.POST.get("request_key", "")[:64],
        )
        result = result_of(outcome, current)
    # Once someone is in, the search is done: its list would only invite a second tap.
    query = "" if result.check_in else query_of(request.POST)
    return render_desk(request, current, query=query, result=result)


@never_cache
@door_staff_only
@require_POST
def undo(request: HttpRequest, edition_slug: str) -> HttpResponse:
    edition = staff_edition(edition_slug)
    current = desk_from(request.POST, edition)
    check_in_id = parse_id(request.POST.get("check_in"))
    mine = CheckIn.objects.filter(registration__edition=edition)
    made = mine.filter(pk=check_in_id).first() if check_in_id else None
    person = services.undo_check_in(check_in_id=made.pk) if made else None
    if person is None:
        result = DoorResult("neutral", _("Nothing to undo: this check-in was already undone."))
    else:
        result = DoorResult(
            "neutral", _("Check-in undone: %(name)s") % {"name": person.full_name}, person
        )
    return render_desk(request, current, query=query_of(request.POST), result=result)


@never_cache
@door_staff_only
@require_http_methods(["GET", "HEAD", "POST"])
def walk_in(request: HttpRequest, edition_slug: str) -> HttpResponse:
    """Register someone who arrives unregistered, and check them in if a place is theirs."""
    edition = staff_edition(edition_slug)
    current = desk_from(request.POST if request.method == "POST" else request.GET, edition)
    may_override = may_override_capacity(request.user)
    form = WalkInForm(
        request.POST if request.method == "POST" else None,
        edition=edition,
        may_override=may_override,
    )
    if request.method == "POST" and form.is_valid():
        registration = form.save(commit=False)
        registration.edition, registration.language = edition, get_language()
        registration.email = registration.email or ""
        added = services.add_registration(
            registration=registration,
            days=[current.day],
            added_by=request.user,
            beyond_capacity=may_override and form.cleaned_data.get("beyond_capacity", False),
        )
        if added.status == Status.CONFIRMED:
            outcome = services.check_in(
                registration_id=added.pk, day=current.day, by=request.user, anyway=True
            )
            result = DoorResult(
                "green", _("Registered at the door and checked in"), added, outcome.check_in
            )
        else:
            result = DoorResult(
                "red",
                _("The edition is full: %(name)s is on the waiting list")
                % {"name": added.full_name},
                added,
                detail=_("An organiser can let them in beyond capacity."),
            )
        return render_desk(request, current, result=result)
    return render(
        request,
        "door/walk_in.html",
        {"edition": edition, "desk": current, "form": form},
        status=400 if form.errors else 200,
    )


@never_cache
@door_staff_only
@require_safe
def badges_pdf(request: HttpRequest, edition_slug: str) -> HttpResponse:
    """Badges of everyone confirmed, in the layout and the language asked for: made by the
    worker, on a page that shows how far it got."""
    edition = staff_edition(edition_slug)
    layout = request.GET.get("layout", badges.SHEETS)
    if layout not in badges.LAYOUTS:
        layout = badges.SHEETS
    language = request.GET.get("language")
    if language not in dict(settings.LANGUAGES):
        language = get_language()
    download = request_download(
        kind=door_downloads.Badges.name,
        user=request.user,
        title=_("Badges of %(edition)s") % {"edition": edition.title},
        arguments={
            "edition": edition.pk,
            "name": edition.slug,
            "layout": layout,
            "language": language,
        },
    )
    return redirect(download)


@never_cache
@door_staff_only
@require_safe
def desk_list_pdf(request: HttpRequest, edition_slug: str) -> HttpResponse:
    """The paper list for the desk, for when the network fails."""
    edition = staff_edition(edition_slug)
    download = request_download(
        kind=door_downloads.DeskList.name,
        user=request.user,
        title=_("Desk list of %(edition)s") % {"edition": edition.title},
        arguments={"edition": edition.pk},
    )
    return redirect(download)


class DoorSignIn(LoginView):
    template_name = "door/sign_in.html"

    def get_default_redirect_url(self) -> str:
        edition = Edition.objects.current()
        return reverse("door:desk", args=[edition.slug]) if edition else "/"


sign_in = one_attempt_at_a_time(never_cache(DoorSignIn.as_view()))
sign_out = LogoutView.as_view(next_page="door:sign_in")
