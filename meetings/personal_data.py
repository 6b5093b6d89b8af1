"""What the matchmaking holds about a person: their meetings and the slots they marked busy."""

import datetime as dt
from typing import Any

from meetings.models import BusySlot, Meeting
from registrations.models import Registration
from registrations.personal_data import PersonalData, register


@register
class MeetingsData(PersonalData):
    models = (Meeting, BusySlot)

    def export(self, registration: Registration) -> dict[str, Any]:
        return {
            "meetings": [
                {
                    "with": meeting.other(registration).full_name,
                    "organisation": meeting.other(registration).organisation,
                    "status": meeting.status,
                    "outcome": meeting.outcome,
                    "starts_at": slot.starts_at if (slot := meeting.slot_times) else None,
                    "table": meeting.table.name if meeting.table_id else "",
                    "message": meeting.message,
                    "decline_reason": meeting.decline_reason,
                }
                for meeting in Meeting.objects.involving(registration).with_everything()
            ],
            "times_unavailable_for_meetings": [
                {"day": busy.block.day, "slot": busy.slot}
                for busy in BusySlot.objects.filter(
                    registration=registration, meeting__isnull=True
                ).select_related("block")
            ],
        }

    def erase(self, registration_ids: list[int], *, now: dt.datetime) -> None:
        Meeting.objects.filter(requester_id__in=registration_ids).delete()
        Meeting.objects.filter(invitee_id__in=registration_ids).delete()
        BusySlot.objects.filter(registration_id__in=registration_ids).delete()
