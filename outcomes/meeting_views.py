"""What each person made of their meetings: asked after each meeting day, and months later."""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet

from events.models import Edition
from meetings.models import Meeting, MeetingBlock
from outcomes.models import Evaluation, MeetingView
from registrations.models import Registration


def asked_at(block: MeetingBlock, tz) -> dt.datetime:
    """The end of a meeting day's last block: when both sides are asked how it went."""
    return dt.datetime.combine(block.day, block.ends_at, tzinfo=tz)


@dataclass(frozen=True)
class PastMeeting:
    meeting: Meeting
    other: Registration
    starts_at: dt.datetime
    view: MeetingView | None


def past_meetings(registration: Registration, now: dt.datetime) -> list[PastMeeting]:
    """The person's confirmed meetings that have ended, with what they said of each."""
    meetings = Meeting.objects.involving(registration).confirmed().with_everything()
    views = {
        view.meeting_id: view for view in MeetingView.objects.filter(registration=registration)
    }
    found = []
    for meeting in meetings:
        slot = meeting.slot_times
        if slot is None or slot.ends_at > now:
            continue
        found.append(
            PastMeeting(meeting, meeting.other(registration), slot.starts_at, views.get(meeting.pk))
        )
    return found


def asks_follow_up(evaluation: Evaluation | None, now: dt.datetime) -> bool:
    return evaluation is not None and now >= evaluation.follow_up_at()


@transaction.atomic
def record_view(
    *,
    meeting: Meeting,
    registration: Registration,
    assessment: str | None = None,
    follow_up: str | None = None,
) -> MeetingView:
    """Record (or change) what one of the meeting's two people made of it."""
    if registration.pk not in (meeting.requester_id, meeting.invitee_id):
        raise PermissionError("not one of this meeting's two people")
    view, _created = MeetingView.objects.select_for_update().get_or_create(
        meeting=meeting, registration=registration
    )
    if assessment is not None:
        view.assessment = assessment
    if follow_up is not None:
        view.follow_up = follow_up
    view.save()
    return view


def people_met_on(edition: Edition, day: dt.date | None = None) -> QuerySet[Registration]:
    """Both people of each confirmed meeting of the edition (that day, or any day)."""
    meetings = Meeting.objects.of_edition(edition).confirmed()
    if day is not None:
        meetings = meetings.filter(block__day=day)
    ids = set(meetings.values_list("requester_id", flat=True)) | set(
        meetings.values_list("invitee_id", flat=True)
    )
    return Registration.objects.filter(
        pk__in=ids, status=Registration.Status.CONFIRMED, personal_data_purged_at__isnull=True
    )
