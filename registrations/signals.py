"""What registrations tell the apps built on them, so that it never has to know them.

personal_calendar_requested(registration) -> each receiver returns a list of iCalendar
    components (VEVENTs) added to the person's calendar feed beside their sessions.
registration_cancelled(registration) -> sent inside the cancelling transaction (also before an
    erasure), so that what the person had booked elsewhere is freed with their place.

Personal data has its own mechanism, with export and erasure together (`personal_data.register`),
and sections of the manage page are page parts (`common.page_parts`, place "registration_manage").
"""

from django.dispatch import Signal

personal_calendar_requested = Signal()
registration_cancelled = Signal()
