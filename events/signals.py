"""The one signal the programme sends, so other apps can react without `events` knowing them."""

from django.dispatch import Signal

# Sent after a session's time, place, title or cancellation changed and was committed.
# Arguments: session (the saved Session), changed_fields (tuple of Session.SCHEDULE_FIELDS names),
# previous (what it was: "starts_at" and "ends_at" in ISO 8601, and per language code a dict of
# its "title" and "location"), tell_attendees (False for a minor correction nobody is emailed
# about).
session_rescheduled = Signal()
