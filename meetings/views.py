"""Participants' meeting pages: request, answer, my meetings, printable, today, availability."""

import functools

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from events.models import Edition
from events.shortcuts import get_public_edition
from meetings import services
from meetings.emails import read_email_link
from meetings.forms import DeclineForm, RequestForm, SlotChoiceForm, UnavailableForm
from meetings.kept import (
    free_slots_now,
    invitee_for_request,
    matchmaking_for_pages,
    my_meetings_html,
)
from meetings.models import Meeting, Slot
from meetings.schedule import my_meetings as meetings_of
from meetings.schedule import schedule_of
from meetings.slots import (
    all_slots,
    calendars,
    free_slots_for_pair,
    other_times,
)
from networking import access
from networking.models import Profile, session_lifetime_end
from networking.views import participants_only
from registrations.models import Registration


def participant_with_matchmaking(view):
    """Let in signed-in participants of an edition that has meetings (organisers have none)."""

    @participants_only
    @functools.wraps(view)
    def wrapper(request: HttpRequest, edition: Edition, visitor: access.Visitor, *args, **kwargs):
        if not visitor.is_participant:
            raise Http404
        matchmaking = matchmaking_for_pages(edition)
        if matchmaking is None:
            raise Http404
        return view(request, edition, visitor.registration, matchmaking, *args, **kwargs)

    return wrapper


def context_for(edition, registration, matchmaking, **extra) -> dict:
    return {
        "edition": edition,
        "visitor": access.Visitor(registration=registration, is_organiser=False),
        "matchmaking": matchmaking,
        "booking_open": matchmaking.is_open(),
        **extra,
    }


@participant_with_matchmaking
def my_meetings(request: HttpRequest, edition, registration, matchmaking) -> HttpResponse:
    return render(
        request,
        "meetings/my_meetings.html",
        context_for(
            edition,
            registration,
            matchmaking,
            my_meetings=my_meetings_html(matchmaking, registration),
        ),
    )


@participant_with_matchmaking
def printable(request: HttpRequest, edition, registration, matchmaking) -> HttpResponse:
    return render(
        request,
        "meetings/print.html",
        context_for(
            edition, registration, matchmaking, schedule=schedule_of(registration, matchmaking)
        ),
    )


@participant_with_matchmaking
def today(request: HttpRequest, edition, registration, matchmaking) -> HttpResponse:
    """On a phone during the event: the next meeting and its table first, then the rest."""
    now = timezone.now()
    local_today = timezone.localdate(now, edition.tz)
    confirmed = [
        item
        for item in meetings_of(registration)
        if item.meeting.status == Meeting.Status.CONFIRMED
    ]
    todays = [item for item in confirmed if item.slot.day == local_today]
    upcoming = [item for item in todays if item.slot.ends_at > now]
    # Before the event, or after today's last meeting: point to the next day with meetings.
    later_days = [item.slot.day for item in confirmed if item.slot.day > local_today]
    next_day = min(later_days, default=None)
    return render(
        request,
        "meetings/today.html",
        context_for(
            edition,
            registration,
            matchmaking,
            next_meeting=upcoming[0] if upcoming else None,
            later=upcoming[1:],
            earlier=[item for item in todays if item.slot.ends_at <= now],
            today=local_today,
            before_event=local_today < edition.start_date,
            next_day=next_day,
            next_days_meetings=[item for item in confirmed if item.slot.day == next_day],
        ),
    )


@participant_with_matchmaking
def availability(request: HttpRequest, edition, registration, matchmaking) -> HttpResponse:
    known = calendars(matchmaking, [registration.pk])
    my_days = known.days[registration.pk]
    busy = known.busy[registration.pk]
    slots = [slot for slot in all_slots(matchmaking) if slot.day in my_days]
    with_meeting = {key for key, meeting_id in busy.items() if meeting_id is not None}
    choosable = [slot for slot in slots if (slot.block.pk, slot.number) not in with_meeting]
    marked = [
        slot.key for slot in choosable if busy.get((slot.block.pk, slot.number), False) is None
    ]
    form = UnavailableForm(request.POST or None, slots=choosable, initial={"unavailable": marked})
    if request.method == "POST" and form.is_valid():
        services.set_unavailable(
            registration=registration,
            matchmaking=matchmaking,
            slot_keys=set(form.cleaned_data["unavailable"]),
        )
        messages.success(request, _("Your availability is saved."))
        return redirect("meetings:mine", edition_slug=edition.slug)
    return render(
        request,
        "meetings/availability.html",
        context_for(edition, registration, matchmaking, form=form),
    )


@participant_with_matchmaking
def request_meeting(request: HttpRequest, edition, registration, matchmaking, pk: int):
    if request.method == "POST":  # read afresh; the service checks everything again
        invitee_profile = get_object_or_404(
            Profile.objects.in_directory(edition).select_related("registration"), pk=pk
        )
        invitee = invitee_profile.registration
        i_am_open = services.open_to_meetings(registration, edition.pk)
        slots = free_slots_for_pair(matchmaking, registration, invitee)
    else:
        invitee_profile, i_am_open = invitee_for_request(edition, registration, pk)
        if invitee_profile is None:
            raise Http404
        invitee = invitee_profile.registration
        slots = free_slots_now(matchmaking, registration, invitee)
    form = RequestForm(request.POST or None, slots=slots)
    refusal = None
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.request_meeting(
                requester=registration,
                invitee=invitee,
                slot=form.cleaned_data["slot"],
                message=form.cleaned_data["message"],
            )
        except services.MeetingRefused as error:
            refusal = str(error)
        else:
            messages.success(
                request,
                _("Your request is sent to %(name)s; we will email you the answer.")
                % {"name": invitee.full_name},
            )
            return redirect("meetings:meeting", edition_slug=edition.slug, pk=meeting.pk)
    return render(
        request,
        "meetings/request.html",
        context_for(
            edition,
            registration,
            matchmaking,
            form=form,
            invitee=invitee,
            invitee_profile=invitee_profile,
            refusal=refusal,
            i_am_open=i_am_open,
        ),
        status=409 if refusal else 200,
    )


ACTIONS = ("accept", "decline", "propose", "cancel", "held", "no_show")


@participant_with_matchmaking
def meeting_detail(request: HttpRequest, edition, registration, matchmaking, pk: int):
    item = next((item for item in meetings_of(registration) if item.meeting.pk == pk), None)
    if item is None or item.meeting.block.matchmaking_id != matchmaking.pk:
        raise Http404
    meeting = item.meeting
    other_slots = other_times(matchmaking, meeting)
    propose_form = SlotChoiceForm(slots=other_slots, prefix="propose")
    decline_form = DeclineForm(prefix="decline")
    refusal, offer_other_slots, status = None, False, 200
    if request.method == "POST":
        action = request.POST.get("action")
        if action not in ACTIONS:
            raise Http404
        try:
            done = perform(request, action, meeting, registration, other_slots)
        except services.MeetingRefused as error:
            refusal, offer_other_slots, status = str(error), error.offer_other_slots, 409
            # The times changed under the person: offer what is free now.
            propose_form = SlotChoiceForm(slots=other_times(matchmaking, meeting), prefix="propose")
        else:
            if isinstance(done, str):
                messages.success(request, done)
                return redirect("meetings:meeting", edition_slug=edition.slug, pk=meeting.pk)
            if isinstance(done, DeclineForm):
                decline_form = done
            else:
                propose_form = done
            status = 400
        item = next(item for item in meetings_of(registration) if item.meeting.pk == pk)
    in_directory = Profile.objects.in_directory(edition).filter(registration=item.other).first()
    return render(
        request,
        "meetings/meeting.html",
        context_for(
            edition,
            registration,
            matchmaking,
            item=item,
            other_profile=in_directory,
            propose_form=propose_form,
            decline_form=decline_form,
            refusal=refusal,
            offer_other_slots=offer_other_slots,
        ),
        status=status,
    )


def perform(request, action: str, meeting: Meeting, registration: Registration, slots: list[Slot]):
    """Carry out one action; return the success message, or the form with its mistakes."""
    if action == "accept":
        services.accept(meeting_id=meeting.pk, by=registration)
        return _("The meeting is confirmed; it is in your calendar and in My meetings.")
    if action == "decline":
        form = DeclineForm(request.POST, prefix="decline")
        if not form.is_valid():
            return form
        services.decline(meeting_id=meeting.pk, by=registration, reason=form.cleaned_data["reason"])
        return _("You declined the request; %(name)s is told.") % {
            "name": meeting.other(registration).full_name
        }
    if action == "propose":
        form = SlotChoiceForm(request.POST, slots=slots, prefix="propose")
        if not form.is_valid():
            return form
        services.propose(meeting_id=meeting.pk, by=registration, slot=form.cleaned_data["slot"])
        return _("Your proposal is sent to %(name)s.") % {
            "name": meeting.other(registration).full_name
        }
    if action == "cancel":
        services.cancel(meeting_id=meeting.pk, by=registration)
        return _("Cancelled; %(name)s is told.") % {"name": meeting.other(registration).full_name}
    outcome = Meeting.Outcome.HELD if action == "held" else Meeting.Outcome.NO_SHOW
    services.record_outcome(meeting_id=meeting.pk, by=registration, outcome=outcome)
    return _("Thank you: recorded.")


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def from_email(request: HttpRequest, edition_slug: str, token: str) -> HttpResponse:
    """An emailed link: its page's button signs the person in and opens the meeting.

    Opening the link changes nothing (mail scanners open links; another site must not be able
    to sign a browser in); it works until a week after the edition, and until the person
    replaces their links.
    """
    edition = get_public_edition(edition_slug)
    found = read_email_link(token)
    registration = (
        Registration.objects.select_related("edition").filter(pk=found[0], edition=edition).first()
        if found
        else None
    )
    if (
        registration is None
        or access.fingerprint(registration) != found[2]
        or timezone.now() >= session_lifetime_end(edition)
    ):
        return render(request, "networking/link_invalid.html", {"edition": edition}, status=410)
    if request.method != "POST":
        return render(
            request,
            "meetings/from_email.html",
            {"edition": edition, "registration": registration, "opens_meeting": found[1]},
        )
    access.sign_in(request, registration)
    if found[1] is None:
        return redirect("meetings:mine", edition_slug=edition.slug)
    return redirect("meetings:meeting", edition_slug=edition.slug, pk=found[1])
