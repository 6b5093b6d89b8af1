"""What registrations tell the apps built on them, so that it never has to know them.

manage_page_shown(request, registration) -> each receiver may return HTML (a section of the
    person's manage page, already escaped) or None.
personal_calendar_requested(registration) -> each receiver returns a list of iCalendar
    components (VEVENTs) added to the person's calendar feed beside their sessions.
registration_cancelled(registration) -> sent inside the cancelling transaction (also before an
    erasure), so that what the person had booked elsewhere is freed with their place.

Personal data has its own mechanism, with export and erasure together: `personal_data.register`.
"""

from django.dispatch import Signal

manage_page_shown = Signal()
personal_calendar_requested = Signal()
registration_cancelled = Signal()
