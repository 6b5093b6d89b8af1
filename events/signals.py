"""The one signal the programme sends, so other apps can react without `events` knowing them."""

from django.dispatch import Signal

# Sent after a session's time, place, title or cancellation changed and was committed.
# Arguments: session (the saved Session), changed_fields (tuple of Session.SCHEDULE_FIELDS names).
session_rescheduled = Signal()
